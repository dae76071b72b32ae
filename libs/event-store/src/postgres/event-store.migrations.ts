/**
 * The event store's schema, as ordered migrations. Kept as code rather than .sql files so the
 * build output carries them without a copy step. A migration, once released, is never edited.
 */
export interface Migration {
  name: string;
  sql: string;
}

/** Key of the session-level advisory lock held only while positions are handed out. */
export const POSITION_LOCK_KEY = 7_301_969;

/** Key of the transaction-level advisory lock a sealer holds while it extends the global chain. */
export const SEAL_LOCK_KEY = 7_301_970;

/**
 * The data keys that personal data in events is sealed under (see personal-data/), beside the
 * events so that they outlive a rebuild of the read models. Mutable, unlike the events: a key is
 * destroyed by setting its wrapped key to NULL, its row kept as the tombstone that says when, by
 * whom and why. A subject has at most one open key; a new one is made after its last is destroyed.
 * Also applied alone to the read database beside EventStoreDB (DataKeys.open with migrate).
 */
export const dataKeysMigration: Migration = {
  name: '010-data-keys',
  sql: `
CREATE TABLE IF NOT EXISTS oversight_data_keys (
  key_id        uuid        PRIMARY KEY,
  subject_kind  text        NOT NULL,
  subject_id    text        NOT NULL,
  -- The data key encrypted by the key-encryption key (AES-256-GCM); NULL once destroyed.
  wrapped_key   text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  destroyed_at  timestamptz,
  destroyed_by  text,
  reason        text,
  -- The words shown where the key's text was, e.g. "[removed on 4 December 2026 by Ada: entered in error]".
  replacement   text,
  CONSTRAINT oversight_data_keys_tombstone
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL AND replacement IS NOT NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS oversight_data_keys_open
  ON oversight_data_keys (subject_kind, subject_id) WHERE wrapped_key IS NOT NULL;
-- A reader looks up, with the keys it wants, those made after them (DataKeys.entries).
CREATE INDEX IF NOT EXISTS oversight_data_keys_created ON oversight_data_keys (created_at);
`,
};

/**
 * The fingerprint of the key-encryption key the data keys are wrapped by (an HMAC of a fixed
 * label under it, never the key), recorded on first use: a process given another key (a
 * DATA_KEY_SECRET mistyped, or a key file made afresh in another DATA_DIR) is refused at start,
 * before it wraps a single data key that no other process could open. One row at most.
 */
export const keyEncryptionKeyFingerprintMigration: Migration = {
  name: '013-key-encryption-key-fingerprint',
  sql: `
CREATE TABLE IF NOT EXISTS oversight_key_encryption_key (
  only_one     boolean     PRIMARY KEY DEFAULT true CHECK (only_one),
  fingerprint  text        NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
`,
};

export const eventStoreMigrations: Migration[] = [
  {
    name: '001-event-store',
    sql: `
CREATE SEQUENCE oversight_event_position AS bigint START 1 CACHE 1 NO CYCLE;

CREATE TABLE oversight_events (
  position        bigint      PRIMARY KEY,
  -- Which transaction wrote the row: readers use it to tell a gap still in flight from one rolled back.
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  revision        bigint      NOT NULL CHECK (revision >= 0),
  event_id        uuid        NOT NULL UNIQUE,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  actor_id        text        NOT NULL,
  actor_name      text        NOT NULL,
  actor_role      text        NOT NULL,
  recorded_at     timestamptz NOT NULL,
  effective_at    timestamptz NOT NULL CHECK (effective_at <= recorded_at),
  reason          text,
  command_id      text,
  correlation_id  text        NOT NULL,
  causation_id    text,
  origin          text        NOT NULL,
  hash            text        NOT NULL,
  -- Two writers at one revision: the second waits for the first and then fails here.
  CONSTRAINT oversight_events_stream_revision UNIQUE (stream_id, revision)
);

-- The first result of every command id, so that a retry appends nothing and answers the same.
CREATE TABLE oversight_commands (
  command_id     text        PRIMARY KEY,
  stream_id      text        NOT NULL,
  next_revision  bigint      NOT NULL,
  position       bigint      NOT NULL,
  recorded_at    timestamptz NOT NULL
);

-- Nothing is updated in place or deleted: corrections are new events. The hash chain finds
-- whoever goes around this (a superuser with session_replication_role = replica, say).
CREATE FUNCTION oversight_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'OV002';
END
$fn$;
CREATE TRIGGER oversight_events_append_only BEFORE UPDATE OR DELETE ON oversight_events
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
CREATE TRIGGER oversight_events_no_truncate BEFORE TRUNCATE ON oversight_events
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_refuse_change();
CREATE TRIGGER oversight_commands_append_only BEFORE UPDATE OR DELETE ON oversight_commands
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();

-- Hands out n consecutive positions. It must be the transaction's first write: under the lock the
-- transaction takes its id and its positions, so position order equals transaction-id order among
-- writers. A reader that meets a gap can then tell from the in-progress transaction ids whether
-- the gap may still fill. The lock is a session lock released at once, so commits stay parallel.
CREATE FUNCTION oversight_reserve_positions(n integer) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  first_position bigint;
BEGIN
  PERFORM pg_advisory_lock(${POSITION_LOCK_KEY});
  BEGIN
    PERFORM pg_current_xact_id();
    first_position := nextval('oversight_event_position');
    IF n > 1 THEN
      PERFORM setval('oversight_event_position', first_position + n - 1);
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${POSITION_LOCK_KEY});
  RETURN first_position;
END
$fn$;

-- One append in one statement (one round trip, its own transaction): positions, events, command.
-- p_events is a JSON array of envelopes already hashed by the caller.
CREATE FUNCTION oversight_append(p_events jsonb, p_command_id text) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  n integer := jsonb_array_length(p_events);
  first_position bigint;
  last_event jsonb := p_events -> (jsonb_array_length(p_events) - 1);
BEGIN
  first_position := oversight_reserve_positions(n);
  INSERT INTO oversight_events (position, stream_id, revision, event_id, type, schema_version, data,
    actor_id, actor_name, actor_role, recorded_at, effective_at, reason, command_id, correlation_id,
    causation_id, origin, hash)
  SELECT first_position + e.ordinality - 1, e.value ->> 'streamId', (e.value ->> 'revision')::bigint,
    (e.value ->> 'eventId')::uuid, e.value ->> 'type', (e.value ->> 'schemaVersion')::integer, e.value -> 'data',
    e.value ->> 'actorId', e.value ->> 'actorName', e.value ->> 'actorRole',
    (e.value ->> 'recordedAt')::timestamptz, (e.value ->> 'effectiveAt')::timestamptz, e.value ->> 'reason',
    e.value ->> 'commandId', e.value ->> 'correlationId', e.value ->> 'causationId', e.value ->> 'origin',
    e.value ->> 'hash'
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e;
  IF p_command_id IS NOT NULL THEN
    INSERT INTO oversight_commands (command_id, stream_id, next_revision, position, recorded_at)
    VALUES (p_command_id, last_event ->> 'streamId', (last_event ->> 'revision')::bigint,
      first_position + n - 1, (last_event ->> 'recordedAt')::timestamptz)
    ON CONFLICT (command_id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'command % was already handled', p_command_id USING ERRCODE = 'OV001';
    END IF;
  END IF;
  PERFORM pg_notify('oversight_events', (first_position + n - 1)::text);
  RETURN first_position;
END
$fn$;
`,
  },
  {
    name: '002-append-follows-head',
    sql: `
-- An append that follows the heads its caller read: p_follows gives, for each stream that had a
-- head, its revision and hash, and each must still be the stream's last event. A writer that read
-- the head in an earlier round trip is held to it, so no chain can fork or skip a revision; the
-- check is a read, so the append's first write is still the reservation of its positions.
CREATE FUNCTION oversight_append(p_events jsonb, p_command_id text, p_follows jsonb) RETURNS bigint LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (
    SELECT 1 FROM jsonb_to_recordset(p_follows) AS f(stream_id text, revision bigint, hash text)
     WHERE NOT EXISTS (SELECT 1 FROM oversight_events o
                        WHERE o.stream_id = f.stream_id AND o.revision = f.revision AND o.hash = f.hash)) THEN
    RAISE EXCEPTION 'an append does not follow its stream''s head' USING ERRCODE = 'OV003';
  END IF;
  RETURN oversight_append(p_events, p_command_id);
END
$fn$;
`,
  },
  {
    name: '003-append-by-copy',
    sql: `
-- A large append (an import's) writes its events by COPY, which oversight_append's INSERT … SELECT
-- cannot use. It runs in the caller's transaction as three statements: oversight_append_begin
-- checks the heads as oversight_append does and reserves the positions (the transaction's first
-- write, as there), COPY writes the events at those positions, and oversight_append_end records
-- the command and wakes the subscribers.
CREATE FUNCTION oversight_append_begin(p_follows jsonb, n integer) RETURNS bigint LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (
    SELECT 1 FROM jsonb_to_recordset(p_follows) AS f(stream_id text, revision bigint, hash text)
     WHERE NOT EXISTS (SELECT 1 FROM oversight_events o
                        WHERE o.stream_id = f.stream_id AND o.revision = f.revision AND o.hash = f.hash)) THEN
    RAISE EXCEPTION 'an append does not follow its stream''s head' USING ERRCODE = 'OV003';
  END IF;
  RETURN oversight_reserve_positions(n);
END
$fn$;

CREATE FUNCTION oversight_append_end(p_command_id text, p_stream_id text, p_next_revision bigint,
  p_last_position bigint, p_recorded_at timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_command_id IS NOT NULL THEN
    INSERT INTO oversight_commands (command_id, stream_id, next_revision, position, recorded_at)
    VALUES (p_command_id, p_stream_id, p_next_revision, p_last_position, p_recorded_at)
    ON CONFLICT (command_id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'command % was already handled', p_command_id USING ERRCODE = 'OV001';
    END IF;
  END IF;
  PERFORM pg_notify('oversight_events', p_last_position::text);
END
$fn$;
`,
  },
  {
    name: '004-notify-after-commit',
    sql: `
-- Appends no longer NOTIFY inside their transaction: PostgreSQL holds one lock, for the whole
-- database, from a notifying transaction's pre-commit until its commit has been flushed, so
-- notifying appends committed one at a time (4,000 a second where plain inserts reached 18,000,
-- measured with pgbench, 16 clients). The store now tells its own process's subscribers at once
-- and other processes with a NOTIFY of its own, sent after the commit (PostgresEventStore.announce);
-- subscribers also poll, so one lost with a crash only delays them.
CREATE OR REPLACE FUNCTION oversight_append(p_events jsonb, p_command_id text) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  n integer := jsonb_array_length(p_events);
  first_position bigint;
  last_event jsonb := p_events -> (jsonb_array_length(p_events) - 1);
BEGIN
  first_position := oversight_reserve_positions(n);
  INSERT INTO oversight_events (position, stream_id, revision, event_id, type, schema_version, data,
    actor_id, actor_name, actor_role, recorded_at, effective_at, reason, command_id, correlation_id,
    causation_id, origin, hash)
  SELECT first_position + e.ordinality - 1, e.value ->> 'streamId', (e.value ->> 'revision')::bigint,
    (e.value ->> 'eventId')::uuid, e.value ->> 'type', (e.value ->> 'schemaVersion')::integer, e.value -> 'data',
    e.value ->> 'actorId', e.value ->> 'actorName', e.value ->> 'actorRole',
    (e.value ->> 'recordedAt')::timestamptz, (e.value ->> 'effectiveAt')::timestamptz, e.value ->> 'reason',
    e.value ->> 'commandId', e.value ->> 'correlationId', e.value ->> 'causationId', e.value ->> 'origin',
    e.value ->> 'hash'
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e;
  PERFORM oversight_record_command(p_command_id, last_event ->> 'streamId', (last_event ->> 'revision')::bigint,
    first_position + n - 1, (last_event ->> 'recordedAt')::timestamptz);
  RETURN first_position;
END
$fn$;

-- The first result of a command, refused (OV001) when the command was already handled.
CREATE FUNCTION oversight_record_command(p_command_id text, p_stream_id text, p_next_revision bigint,
  p_last_position bigint, p_recorded_at timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_command_id IS NOT NULL THEN
    INSERT INTO oversight_commands (command_id, stream_id, next_revision, position, recorded_at)
    VALUES (p_command_id, p_stream_id, p_next_revision, p_last_position, p_recorded_at)
    ON CONFLICT (command_id) DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'command % was already handled', p_command_id USING ERRCODE = 'OV001';
    END IF;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION oversight_append_end(p_command_id text, p_stream_id text, p_next_revision bigint,
  p_last_position bigint, p_recorded_at timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM oversight_record_command(p_command_id, p_stream_id, p_next_revision, p_last_position, p_recorded_at);
END
$fn$;
`,
  },
  {
    name: '005-global-chain',
    sql: `
-- The global chain (libs/event-store/src/chain): one link per event, in position order, each over
-- the event's position, stream, revision and hash and the previous link, so removing, inserting
-- or reordering any event anywhere breaks it. It cannot be computed inside an append (commits run
-- side by side, so the previous event is not known there without serialising them): a sealer in
-- the service appends the links after commit, in global order, reading as readAll does (never
-- past a gap still in flight). Append-only like the events.
CREATE TABLE oversight_chain (
  position            bigint      PRIMARY KEY,
  stream_id           text        NOT NULL,
  revision            bigint      NOT NULL,
  event_hash          text        NOT NULL,
  previous_link_hash  text,
  link_hash           text        NOT NULL,
  sealed_at           timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER oversight_chain_append_only BEFORE UPDATE OR DELETE ON oversight_chain
  FOR EACH ROW EXECUTE FUNCTION oversight_refuse_change();
CREATE TRIGGER oversight_chain_no_truncate BEFORE TRUNCATE ON oversight_chain
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_refuse_change();
-- Global reads start after position 0: a row at 0 or below would be seen by a stream's read but
-- never by readAll, so never sealed nor checked against the chain. NOT VALID: no scan of the rows
-- already there (positions come from a sequence that starts at 1), yet every new row is checked.
ALTER TABLE oversight_events ADD CONSTRAINT oversight_events_position_positive CHECK (position > 0) NOT VALID;
-- The commands table had no TRUNCATE guard.
CREATE TRIGGER oversight_commands_no_truncate BEFORE TRUNCATE ON oversight_commands
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_refuse_change();

-- Appends links that follow the chain's head (p_after_position, p_after_link_hash; 0 and NULL on
-- an empty chain), in one statement under a lock, so two sealers (two service processes) never
-- interleave: the one that finds the head moved writes nothing and answers false.
CREATE FUNCTION oversight_seal(p_links jsonb, p_after_position bigint, p_after_link_hash text)
  RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  head_position bigint;
  head_link text;
BEGIN
  PERFORM pg_advisory_xact_lock(${SEAL_LOCK_KEY});
  SELECT position, link_hash INTO head_position, head_link FROM oversight_chain ORDER BY position DESC LIMIT 1;
  IF coalesce(head_position, 0) <> p_after_position OR head_link IS DISTINCT FROM p_after_link_hash THEN
    RETURN false;
  END IF;
  INSERT INTO oversight_chain (position, stream_id, revision, event_hash, previous_link_hash, link_hash)
  SELECT l.position, l.stream_id, l.revision, l.event_hash, l.previous_link_hash, l.link_hash
    FROM jsonb_to_recordset(p_links) AS l(position bigint, stream_id text, revision bigint, event_hash text,
      previous_link_hash text, link_hash text);
  RETURN true;
END
$fn$;
`,
  },
  // 006-009 are free: the data keys' number was chosen while 005 was being written beside it.
  dataKeysMigration,
  keyEncryptionKeyFingerprintMigration,
  {
    name: '014-append-one-event',
    sql: `
-- The append of one event (nearly every command's) in typed parameters: oversight_append parses a
-- JSON array, extracts each column from it and calls a second PL/pgSQL level, which made the
-- statement alone 0.62-0.66 of a raw single-row INSERT at 16 clients; this one measured 0.73-0.80
-- (bench/README.md, the round of 2026-12-05). Same contract: the head it follows must still be
-- there (OV003), positions are reserved by oversight_reserve_positions as the transaction's first
-- write, the command's first result is recorded (OV001 when it was already handled).
CREATE FUNCTION oversight_append_one(p_stream_id text, p_revision bigint, p_event_id uuid, p_type text,
  p_schema_version integer, p_data jsonb, p_actor_id text, p_actor_name text, p_actor_role text,
  p_recorded_at timestamptz, p_effective_at timestamptz, p_reason text, p_command_id text, p_correlation_id text,
  p_causation_id text, p_origin text, p_hash text, p_follows_revision bigint, p_follows_hash text)
  RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  first_position bigint;
BEGIN
  IF p_follows_hash IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM oversight_events o
     WHERE o.stream_id = p_stream_id AND o.revision = p_follows_revision AND o.hash = p_follows_hash) THEN
    RAISE EXCEPTION 'an append does not follow its stream''s head' USING ERRCODE = 'OV003';
  END IF;
  first_position := oversight_reserve_positions(1);
  INSERT INTO oversight_events (position, stream_id, revision, event_id, type, schema_version, data,
    actor_id, actor_name, actor_role, recorded_at, effective_at, reason, command_id, correlation_id,
    causation_id, origin, hash)
  VALUES (first_position, p_stream_id, p_revision, p_event_id, p_type, p_schema_version, p_data,
    p_actor_id, p_actor_name, p_actor_role, p_recorded_at, p_effective_at, p_reason, p_command_id, p_correlation_id,
    p_causation_id, p_origin, p_hash);
  IF p_command_id IS NOT NULL THEN
    PERFORM oversight_record_command(p_command_id, p_stream_id, p_revision, first_position, p_recorded_at);
  END IF;
  RETURN first_position;
END
$fn$;
`,
  },
  {
    name: '015-append-group',
    sql: `
-- Group commit (PostgresAppends, AppendGroups): on a server, single-event appends that arrive while
-- others are still in flight go to the server together, one statement and one commit for the
-- group, so that many writers at once share the work of a commit (at 16 writers a group of 8
-- wrote two to three times the events a second of one append a statement, pgbench,
-- bench/README.md). All land or none does: each event must follow the head it names (OV003), and
-- each event's command id is recorded as the first result of its command (OV001 when one was
-- already handled); the caller then sends each append alone to learn which one failed.
CREATE FUNCTION oversight_append_group(p_events jsonb, p_follows jsonb) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  first_position bigint;
  commands integer;
  recorded integer;
BEGIN
  -- The heads checked, the positions reserved and the events written as for any append of
  -- several events, with no command of its own: each event's is recorded below.
  first_position := oversight_append(p_events, NULL, p_follows);
  SELECT count(*) INTO commands FROM jsonb_array_elements(p_events) AS e WHERE e.value ->> 'commandId' IS NOT NULL;
  IF commands > 0 THEN
    INSERT INTO oversight_commands (command_id, stream_id, next_revision, position, recorded_at)
    SELECT e.value ->> 'commandId', e.value ->> 'streamId', (e.value ->> 'revision')::bigint,
      first_position + e.ordinality - 1, (e.value ->> 'recordedAt')::timestamptz
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e
    WHERE e.value ->> 'commandId' IS NOT NULL
    ON CONFLICT (command_id) DO NOTHING;
    GET DIAGNOSTICS recorded = ROW_COUNT;
    IF recorded < commands THEN
      RAISE EXCEPTION 'a command in the group was already handled' USING ERRCODE = 'OV001';
    END IF;
  END IF;
  RETURN first_position;
END
$fn$;
`,
  },
];
