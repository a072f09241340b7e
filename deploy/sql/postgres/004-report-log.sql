-- Aggregation: PostgreSQL bootstrap, step 4 of 4 (the report log).
--
-- Runs on every silo start (PostgresStore.PrepareAsync) or by hand (apply.sh),
-- after 003-clustering.sql; the table is only created when missing.
--
-- One row per accepted report version of a leaf unit (AdoNetReportLog): a new
-- version is one INSERT, whatever the length of the unit's history, and an
-- aborted import deletes exactly its row. The unit's grain state
-- (OrleansStorage) keeps only its approvals and their audit trail.
-- ContributionVersion is the version the unit published the report at; the
-- unit's version after a restart is the highest of these and its grain state's.
-- A leaf activates with the latest version of each period only
-- (AdoNetReportLog.ReadLatest): the highest Version per Period comes from the
-- primary key's index (an index-only scan once vacuumed) and only those rows
-- are fetched, so no further index is needed here.
-- SubmittedAt is ISO 8601 text ("o" format: timestamptz would round .NET's
-- 100 ns ticks to microseconds) and the values and warnings JSON text, so every
-- digit and the scale of a decimal come back as submitted.
CREATE TABLE IF NOT EXISTS AggregationReportLog
(
    ServiceId           varchar(150) NOT NULL,
    Unit                varchar(150) NOT NULL,
    Period              varchar(20)  NOT NULL,
    Version             integer      NOT NULL,
    ContributionVersion bigint       NOT NULL,
    SubmittedAt         text         NOT NULL,
    SubmittedBy         text         NOT NULL,
    SubmittedByKey      text         NULL,
    ReportValues        text         NOT NULL,
    Warnings            text         NOT NULL,
    CONSTRAINT PK_AggregationReportLog PRIMARY KEY (ServiceId, Unit, Period, Version)
);
