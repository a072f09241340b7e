-- Aggregation: SQLite bootstrap, step 2 of 4 (grain state for the Orleans
-- ADO.NET storage provider, Microsoft.Orleans.Persistence.AdoNet 10.4).
--
-- Runs on every silo start, after 001-main.sql: the table and index are only
-- created when missing, and the query rows are replaced so that a new build
-- also upgrades the SQL an existing database hands to the provider.
--
-- Contract with the provider (it binds parameters and reads columns by name):
--   parameters  @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash
--               @GrainTypeString @GrainIdExtensionString @ServiceId
--               @GrainStateVersion @PayloadBinary
--   columns     ReadFromStorageKey -> PayloadBinary, Version
--               WriteToStorageKey, ClearStorageKey -> NewGrainStateVersion
-- For write and clear, the provider treats "no row", a NULL, or the version it
-- sent coming back unchanged as an optimistic-concurrency conflict.
-- Write and clear commit without syncing to disk (synchronous = NORMAL): the
-- service acknowledges a write only after SqliteGroupCommit has synced the
-- write-ahead log, one sync for every commit made before it, which is what
-- synchronous = FULL would do at each commit.
-- DeleteStorageKey is deliberately absent: it only matters with the provider's
-- DeleteStateOnClear option, which this service leaves off.

-- One row per grain state. The key is hashed into two integers to keep the
-- index narrow; the remaining key columns are compared only to rule out hash
-- collisions among the few rows the index finds. Clearing a state keeps the
-- row (payload NULL) so its version keeps counting up.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NULL
);

CREATE INDEX IF NOT EXISTS IX_OrleansStorage
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId
    LIMIT 1;
');

-- Two single statements, each atomic on its own (SQLite runs every statement of a
-- command in its own transaction): with an expected version, the UPDATE bumps a
-- row still at that version; without one (a grain's first write), the INSERT adds
-- the row unless it already exists. At most one of them writes, and only that one
-- returns a row; no row back is the provider's conflict signal. Kept to two short
-- statements because they are prepared afresh on every write.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    PRAGMA synchronous = NORMAL;

    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = datetime(''now''),
        Version = Version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;

    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, datetime(''now''), 1
    WHERE @GrainStateVersion IS NULL
      AND NOT EXISTS
      (
          SELECT 1
          FROM OrleansStorage
          WHERE GrainIdHash = @GrainIdHash
            AND GrainTypeHash = @GrainTypeHash
            AND GrainIdN0 = @GrainIdN0
            AND GrainIdN1 = @GrainIdN1
            AND GrainTypeString = @GrainTypeString
            AND GrainIdExtensionString IS @GrainIdExtensionString
            AND ServiceId = @ServiceId
      )
    RETURNING Version AS NewGrainStateVersion;
');

-- One UPDATE is atomic on its own, and changes() is per connection, so the
-- outcome can be read straight after it without the TEMP-table detour.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('ClearStorageKey', '
    PRAGMA synchronous = NORMAL;

    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = datetime(''now''),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion;

    SELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1
                ELSE @GrainStateVersion
           END AS NewGrainStateVersion
    WHERE changes() > 0 OR @GrainStateVersion IS NOT NULL;
');
