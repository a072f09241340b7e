-- Aggregation: SQLite bootstrap, step 2 of 2 (grain state for the Orleans
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

-- SQLite has no procedural variables, and the separate statements of one
-- command do not run in one transaction. So the conditional update-or-insert
-- is done by a trigger on a per-connection TEMP table: inserting the request
-- row applies the write atomically (one statement) and leaves its outcome in
-- the request row for the final SELECT. TEMP objects live as long as the
-- pooled connection, so they are created once per connection, not per write.
-- If the trigger body ever changes, rename both objects (the _v1 suffix):
-- otherwise connections that already hold the old trigger keep using it.
-- The request row's payload is dropped once applied so an idle pooled
-- connection does not pin the last state it wrote.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    CREATE TEMP TABLE IF NOT EXISTS AggregationStateWrite_v1
    (
        GrainIdHash            INTEGER NOT NULL,
        GrainIdN0              INTEGER NOT NULL,
        GrainIdN1              INTEGER NOT NULL,
        GrainTypeHash          INTEGER NOT NULL,
        GrainTypeString        TEXT    NOT NULL,
        GrainIdExtensionString TEXT    NULL,
        ServiceId              TEXT    NOT NULL,
        PayloadBinary          BLOB    NULL,
        ExpectedVersion        INTEGER NULL,
        RowsWritten            INTEGER NOT NULL DEFAULT 0
    );

    CREATE TEMP TRIGGER IF NOT EXISTS AggregationStateWriteApply_v1
    AFTER INSERT ON AggregationStateWrite_v1
    BEGIN
        UPDATE OrleansStorage
        SET PayloadBinary = NEW.PayloadBinary,
            ModifiedOn = datetime(''now''),
            Version = Version + 1
        WHERE GrainIdHash = NEW.GrainIdHash
          AND GrainTypeHash = NEW.GrainTypeHash
          AND GrainIdN0 = NEW.GrainIdN0
          AND GrainIdN1 = NEW.GrainIdN1
          AND GrainTypeString = NEW.GrainTypeString
          AND GrainIdExtensionString IS NEW.GrainIdExtensionString
          AND ServiceId = NEW.ServiceId
          AND Version = NEW.ExpectedVersion;

        UPDATE AggregationStateWrite_v1
        SET RowsWritten = changes()
        WHERE rowid = NEW.rowid;

        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT NEW.GrainIdHash, NEW.GrainIdN0, NEW.GrainIdN1, NEW.GrainTypeHash, NEW.GrainTypeString,
               NEW.GrainIdExtensionString, NEW.ServiceId, NEW.PayloadBinary, datetime(''now''), 1
        WHERE NEW.ExpectedVersion IS NULL
          AND NOT EXISTS
          (
              SELECT 1
              FROM OrleansStorage
              WHERE GrainIdHash = NEW.GrainIdHash
                AND GrainTypeHash = NEW.GrainTypeHash
                AND GrainIdN0 = NEW.GrainIdN0
                AND GrainIdN1 = NEW.GrainIdN1
                AND GrainTypeString = NEW.GrainTypeString
                AND GrainIdExtensionString IS NEW.GrainIdExtensionString
                AND ServiceId = NEW.ServiceId
          );

        UPDATE AggregationStateWrite_v1
        SET RowsWritten = RowsWritten + changes(),
            PayloadBinary = NULL
        WHERE rowid = NEW.rowid;
    END;

    DELETE FROM AggregationStateWrite_v1;

    INSERT INTO AggregationStateWrite_v1
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ExpectedVersion)
    VALUES
        (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
         @GrainIdExtensionString, @ServiceId, @PayloadBinary, @GrainStateVersion);

    SELECT CASE WHEN RowsWritten > 0 THEN coalesce(@GrainStateVersion + 1, 1)
                ELSE @GrainStateVersion
           END AS NewGrainStateVersion
    FROM AggregationStateWrite_v1
    WHERE RowsWritten > 0 OR @GrainStateVersion IS NOT NULL;
');

-- One UPDATE is atomic on its own, and changes() is per connection, so the
-- outcome can be read straight after it without the TEMP-table detour.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES
('ClearStorageKey', '
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
