-- The webhook outbox (PROTOCOL.md section 10, docs/architecture.md "Webhooks"): one row per event to
-- report, written by triggers in the very transaction of the change it reports, so an event exists if
-- and only if its change committed. The worker delivers the rows at least once, in order per session.
--
-- Triggers write only on connections that say so (the setting huddle.outbox = 'on', which a gateway or
-- worker started with HUDDLE_WEBHOOK_URL sets on every pooled connection): without webhooks nothing is
-- written and nothing grows.
--
-- webhook_outbox: event_id is what receivers de-duplicate by; session_code orders delivery (only the
-- oldest pending event of a session is ever claimed); payload is the delivered JSON body, complete.
-- status: pending (to deliver), delivered, dead (gave up after HUDDLE_WEBHOOK_MAX_AGE). delivered_to
-- holds the URLs that acknowledged it, so a retry goes only to the others.
-- Indexes, each for one query:
--   webhook_outbox_pending   the claim: the oldest pending event of each session, by (session_code, id)
--   webhook_outbox_finished  the purge of delivered and dead rows by age
CREATE TABLE webhook_outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        text        NOT NULL UNIQUE,
  event_type      text        NOT NULL,
  session_code    text        NOT NULL,
  payload         text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','dead')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  claimed_until   timestamptz,
  delivered_to    text[]      NOT NULL DEFAULT '{}',
  last_error      text,
  finished_at     timestamptz
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (session_code, id) WHERE status = 'pending';
CREATE INDEX webhook_outbox_finished ON webhook_outbox (finished_at) WHERE status <> 'pending';

-- Times as the API writes them: ISO-8601 UTC with milliseconds.
CREATE FUNCTION huddle_webhook_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION huddle_webhook_event(kind text, code text, data jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  event_id text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
  at timestamptz := clock_timestamp();
BEGIN
  INSERT INTO webhook_outbox (event_id, event_type, session_code, payload, created_at, next_attempt_at)
  VALUES (event_id, kind, code,
          jsonb_build_object('id', event_id, 'type', kind, 'createdAt', huddle_webhook_time(at),
                             'sessionCode', code, 'data', data)::text,
          at, at);
END
$$;

CREATE FUNCTION huddle_webhook_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('huddle.outbox', true) IS DISTINCT FROM 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM huddle_webhook_event('session.created', NEW.code, jsonb_build_object(
      'session', jsonb_build_object('code', NEW.code, 'name', NEW.name, 'ownerId', NEW.owner_id,
                                    'maxMembers', NEW.max_members, 'createdAt', huddle_webhook_time(NEW.created_at),
                                    'expiresAt', huddle_webhook_time(NEW.expires_at))));
  ELSIF OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL THEN
    PERFORM huddle_webhook_event('session.ended', NEW.code, jsonb_build_object(
      'reason', NEW.end_reason, 'endedAt', huddle_webhook_time(NEW.ended_at)));
  END IF;
  RETURN NULL;
END
$$;

-- A member's departure says why through huddle.departure, set for the statement by the removal itself
-- (members/remove.sql: left, kicked or idle). The removal of every member when a session ends sets
-- 'ended': session.ended reports that, once. A delete that says nothing (the retention purge) reports
-- nothing.
CREATE FUNCTION huddle_webhook_members() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  code text;
  why text;
BEGIN
  IF current_setting('huddle.outbox', true) IS DISTINCT FROM 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT s.code INTO code FROM sessions s WHERE s.id = NEW.session_id;
    PERFORM huddle_webhook_event('member.joined', code, jsonb_build_object(
      'member', jsonb_build_object('id', NEW.id, 'displayName', NEW.display_name, 'role', NEW.role,
                                   'joinedAt', huddle_webhook_time(NEW.joined_at))));
  ELSE
    why := nullif(current_setting('huddle.departure', true), '');
    IF why IS NULL OR why NOT IN ('left', 'kicked', 'idle') THEN RETURN NULL; END IF;
    SELECT s.code INTO code FROM sessions s WHERE s.id = OLD.session_id;
    PERFORM huddle_webhook_event('member.left', code, jsonb_build_object(
      'member', jsonb_build_object('id', OLD.id, 'displayName', OLD.display_name, 'role', OLD.role),
      'reason', why));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_webhooks AFTER INSERT OR UPDATE OF ended_at ON sessions
  FOR EACH ROW EXECUTE FUNCTION huddle_webhook_sessions();
CREATE TRIGGER members_webhooks AFTER INSERT OR DELETE ON members
  FOR EACH ROW EXECUTE FUNCTION huddle_webhook_members();
