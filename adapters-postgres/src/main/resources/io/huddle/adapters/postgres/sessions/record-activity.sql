-- Raises last_activity_at to :at, never lowers it; an unknown code matches no row and creates nothing.
-- Guarantees: the comparison runs on the locked row, so concurrent calls leave the greatest time;
-- a time that would not raise it matches no row and writes nothing (no dead tuple on the hot path).
UPDATE sessions
SET last_activity_at = :at
WHERE code = :code AND last_activity_at < :at
