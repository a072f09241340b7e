-- Aggregation: PostgreSQL bootstrap, step 1 of 4.
--
-- Orleans' ADO.NET providers (invariant "Npgsql") read their SQL from this
-- table when a silo or client starts, one row per QueryKey. 002 and 003 add
-- their rows here, so this runs first.
--
-- Idempotent: nothing here drops or rewrites data. Identifiers are unquoted,
-- so PostgreSQL stores them in lower case (orleansquery, querykey, ...), which
-- is also what the upstream Orleans scripts produce: a database created by
-- those is picked up as it is.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    -- The upstream scripts declare varchar(64) / varchar(8000); an existing
    -- table with those types works too (every text in 002/003 is far shorter).
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
