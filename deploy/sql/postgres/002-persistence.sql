-- Aggregation: PostgreSQL bootstrap, step 2 of 4 (grain state for the Orleans
-- ADO.NET storage provider, Microsoft.Orleans.Persistence.AdoNet 10.4).
--
-- Runs on every silo start (PostgresStore.PrepareAsync) or by hand (apply.sh),
-- after 001-main.sql. The table and index are created only when missing, the
-- function is replaced, and the query rows are upserted (rewritten only when
-- their text differs), so a second run changes nothing and a newer build
-- upgrades the SQL the provider is handed.
--
-- Contract with the provider (it binds parameters and reads columns by name,
-- case-insensitively):
--   parameters  @GrainIdHash (int4) @GrainIdN0 @GrainIdN1 (int8)
--               @GrainTypeHash (int4) @GrainTypeString @GrainIdExtensionString
--               (text, the latter NULL for keys without extension) @ServiceId
--               @GrainStateVersion (int4, NULL before the first write)
--               @PayloadBinary (bytea; 10.4 no longer sends PayloadJson/Xml)
--   columns     ReadFromStorageKey -> PayloadBinary, Version
--               WriteToStorageKey  -> NewGrainStateVersion
--               ClearStorageKey, DeleteStorageKey -> first column
-- For write, clear and delete the provider treats "no row", a NULL, or the
-- version it sent coming back unchanged as an optimistic-concurrency conflict
-- (InconsistentStateException).
-- DeleteStorageKey is only read when AdoNetGrainStorageOptions.DeleteStateOnClear
-- is on; it is provided so that option works, the service leaves it off.

-- One row per grain state. The lookup goes through the two hashes; the other
-- key columns only rule out hash collisions among the rows the index finds.
-- Clearing keeps the row (payload NULL) so the version keeps counting up.
-- Column names and types follow the upstream Orleans script, so a table created
-- by it is used as it is (its extra PayloadJson/PayloadXml columns stay NULL).
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL
);

-- Same name as upstream's, so an upstream-created table does not get a second one.
-- Guarded instead of CREATE INDEX IF NOT EXISTS: that form takes a SHARE lock
-- on the table before it notices the index exists, and the lock would block
-- the grain writes of silos already running until this whole script commits.
DO $do$
BEGIN
    IF to_regclass('ix_orleansstorage') IS NULL THEN
        CREATE INDEX IX_OrleansStorage ON OrleansStorage (GrainIdHash, GrainTypeHash);
    END IF;
END
$do$;

-- Conditional update-or-insert in one round trip; returns the new version, or
-- the version passed in (update lost) / NULL (insert lost) on a conflict.
--
-- The first write of a state (no version yet) takes a transaction-scoped
-- advisory lock on the two hashes before checking that no row exists. Without
-- it two activations of the same grain (possible briefly, e.g. during a
-- membership change) could both pass the NOT EXISTS check and insert two rows,
-- because the table has no unique key. The plain UPDATE path needs no lock:
-- the row lock and the version check already serialise it. Two-integer
-- advisory keys are a separate key space from the single bigint key that
-- PostgresStore uses for schema preparation.
--
-- If the signature or return type ever has to change, give the function a new
-- name (CREATE OR REPLACE cannot change a return type) and point the query
-- row at it; the old function can then be dropped.
CREATE OR REPLACE FUNCTION aggregation_write_grain_state(
    p_grain_id_hash     integer,
    p_grain_id_n0       bigint,
    p_grain_id_n1       bigint,
    p_grain_type_hash   integer,
    p_grain_type        text,
    p_grain_id_ext      text,
    p_service_id        text,
    p_expected_version  integer,
    p_payload           bytea)
RETURNS integer
LANGUAGE plpgsql
AS $function$
BEGIN
    IF p_expected_version IS NOT NULL THEN
        UPDATE OrleansStorage
        SET PayloadBinary = p_payload,
            ModifiedOn = now(),
            Version = Version + 1
        WHERE GrainIdHash = p_grain_id_hash
          AND GrainTypeHash = p_grain_type_hash
          AND GrainIdN0 = p_grain_id_n0
          AND GrainIdN1 = p_grain_id_n1
          AND GrainTypeString = p_grain_type
          AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
          AND ServiceId = p_service_id
          AND Version = p_expected_version;

        IF FOUND THEN
            RETURN p_expected_version + 1;
        END IF;
        RETURN p_expected_version;
    END IF;

    PERFORM pg_advisory_xact_lock(p_grain_id_hash, p_grain_type_hash);

    -- A statement in a PL/pgSQL function takes a fresh snapshot, so this
    -- check sees a row that a competing writer committed while we waited.
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
           p_grain_id_ext, p_service_id, p_payload, now(), 1
    WHERE NOT EXISTS
    (
        SELECT 1
        FROM OrleansStorage
        WHERE GrainIdHash = p_grain_id_hash
          AND GrainTypeHash = p_grain_type_hash
          AND GrainIdN0 = p_grain_id_n0
          AND GrainIdN1 = p_grain_id_n1
          AND GrainTypeString = p_grain_type
          AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
          AND ServiceId = p_service_id
    );

    IF FOUND THEN
        RETURN 1;
    END IF;
    RETURN NULL;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $query$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId;
$query$),
('WriteToStorageKey', $query$
    SELECT aggregation_write_grain_state(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS NewGrainStateVersion;
$query$),
-- A single UPDATE is atomic, so clear needs no function. RETURNING gives the
-- incremented version; no row (wrong or missing version) means a conflict.
('ClearStorageKey', $query$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$query$),
-- The provider only needs a value other than the version it sent; the row is
-- gone afterwards and the next write starts again at version 1.
('DeleteStorageKey', $query$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
