-- Aggregation: PostgreSQL bootstrap, step 3 of 4 (cluster membership for the
-- Orleans ADO.NET clustering provider, Microsoft.Orleans.Clustering.AdoNet 10.4;
-- silos use it for membership, clients/gateways for the gateway list).
--
-- Runs after 001-main.sql; idempotent in the same way as 002 (tables only when
-- missing, functions replaced, query rows upserted).
--
-- Contract with the provider (10.4.2, checked against the shipped assembly):
--   required keys  GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
--                  InsertMembershipVersionKey, UpdateIAmAlivetimeKey (lower-case
--                  "t": the key is matched exactly), InsertMembershipKey,
--                  UpdateMembershipKey, DeleteMembershipTableEntriesKey,
--                  CleanupDefunctSiloEntriesKey. A silo refuses to start when
--                  any of them is missing.
--   optional key   CleanupDefunctSiloEntryKey: when present, defunct-silo cleanup
--                  reads the table, picks dead rows itself and deletes them one
--                  by one with it; CleanupDefunctSiloEntriesKey is then unused.
--   parameters     @DeploymentId (the cluster id) @Address (text) @Port
--                  @Generation @SiloName @HostName @Status @ProxyPort
--                  @SuspectTimes (text, "silo,date|silo,date", NULL for none)
--                  @StartTime @IAmAliveTime (UTC DateTime, sent as timestamptz)
--                  @Version (int4, the table version the caller last read)
--   results        insert/update/insert-version: one row, one column, non-zero
--                  for success; reads: the columns selected below, by name.
-- The membership protocol's optimistic concurrency rests on the single
-- version row per cluster: every change to a member row bumps it, and only
-- if the caller's @Version is still current.
-- Status values used here: 3 = Active, 6 = Dead (Orleans.Runtime.SiloStatus).
-- Dates are timestamptz: Npgsql sends the provider's UTC DateTime parameters as
-- timestamptz, and a timestamp column would silently depend on the session's
-- TimeZone setting.

-- One row per cluster (DeploymentId = ClusterOptions.ClusterId).
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Both writers below start by locking the cluster's version row, and only if
-- it still carries the caller's version. Under READ COMMITTED a waiter
-- re-checks that condition against the row as the other writer left it, so of
-- two silos holding the same version exactly one gets through. The version is
-- bumped only after the member row really changed; every path that fails
-- returns 0 before changing anything, so no subtransaction is needed.
-- (As in 002: a changed signature or return type needs a new function name.)
CREATE OR REPLACE FUNCTION aggregation_insert_membership(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id
      AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, p_proxy_port, p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$function$;

CREATE OR REPLACE FUNCTION aggregation_update_membership(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id
      AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    -- GREATEST: a heartbeat written in between by UpdateIAmAlivetimeKey must
    -- not be moved back by an update that carries an older reading.
    UPDATE OrleansMembershipTable
    SET Status = p_status,
        SuspectTimes = p_suspect_times,
        IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive)
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address
      AND Port = p_port
      AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Called once per silo/client start; the count says whether this call created
-- the row (the provider only logs it). ON CONFLICT makes concurrent starts safe.
('InsertMembershipVersionKey', $query$
    WITH created AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS Created FROM created;
$query$),
('InsertMembershipKey', $query$
    SELECT aggregation_insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Succeeded;
$query$),
('UpdateMembershipKey', $query$
    SELECT aggregation_update_membership(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
        @IAmAliveTime, @Version) AS Succeeded;
$query$),
-- Heartbeat: outside the version protocol, its result is not checked.
('UpdateIAmAlivetimeKey', $query$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
$query$),
-- Both reads start from the version row so that the version comes back even
-- when there is no member row; the provider then sees NULL StartTime and
-- reads the version alone. Without a version row they return nothing, which
-- the provider does not expect: InsertMembershipVersionKey runs first.
('MembershipReadRowKey', $query$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$query$),
('MembershipReadAllKey', $query$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
    FROM OrleansMembershipVersionTable v
    LEFT JOIN OrleansMembershipTable m
           ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$query$),
-- Gateways for clients: active silos that accept client connections.
('GatewaysQueryKey', $query$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
$query$),
-- Used by tests and tooling to wipe a cluster; member rows first (foreign key).
('DeleteMembershipTableEntriesKey', $query$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$query$),
-- Defunct-silo cleanup, one row at a time. The provider passes back the values
-- it read; the row is deleted only if it is still Dead and unchanged since,
-- so a concurrent update is never lost. Both sides of the SuspectTimes
-- comparison fold NULL and '' together, since the provider does not
-- distinguish them.
('CleanupDefunctSiloEntryKey', $query$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation
      AND Status = 6
      AND StartTime = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$query$),
-- Required, but only used if CleanupDefunctSiloEntryKey is missing: the same
-- rule in one statement, without the unchanged-since-read guarantee. A dead row
-- goes once it started and last heartbeated before the cutoff and carries no
-- suspicion vote at or after it. Votes are "silo,yyyy-MM-dd HH:mm:ss.fff GMT"
-- joined by '|'; a silo that stops gracefully leaves one on its own row, so
-- ignoring rows with any vote at all would keep those forever.
('CleanupDefunctSiloEntriesKey', $query$
    DELETE FROM OrleansMembershipTable m
    WHERE m.DeploymentId = @DeploymentId
      AND m.Status = 6
      AND m.IAmAliveTime < @IAmAliveTime
      AND m.StartTime < @IAmAliveTime
      AND NOT EXISTS
      (
          SELECT 1
          FROM unnest(string_to_array(m.SuspectTimes, '|')) AS vote(entry)
          WHERE vote.entry <> ''
            AND split_part(vote.entry, ',', 2)::timestamptz >= @IAmAliveTime
      );
$query$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText
    WHERE OrleansQuery.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
