-- Aggregation: SQLite bootstrap, step 1 of 4.
--
-- Every Orleans ADO.NET provider loads its SQL from this table at silo start
-- (looked up by QueryKey), so it has to exist before any provider script adds
-- rows to it. Safe to run on every start: nothing here drops or rewrites data.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
