-- Lets go of a claim on the sessions :codes that its job left as they were, so that another job (the
-- expiry's) need not wait out the lease for them.
-- Guarantees: only the claim ending at :until is released (time truncated to milliseconds, as it was
-- written); a session claimed since by another claim keeps that claim. Row locks only for this statement.
UPDATE sessions
SET claimed_until = NULL
WHERE code = ANY(:codes) AND claimed_until = :until
