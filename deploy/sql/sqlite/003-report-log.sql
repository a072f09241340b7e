-- Aggregation: SQLite bootstrap, step 3 of 4 (the report log).
--
-- Runs on every silo start, after 002-persistence.sql; the table is only
-- created when missing.
--
-- One row per accepted report version of a leaf unit (AdoNetReportLog): a new
-- version is one INSERT, whatever the length of the unit's history, and an
-- aborted import deletes exactly its row. The unit's grain state
-- (OrleansStorage) keeps only its approvals and their audit trail.
-- ContributionVersion is the version the unit published the report at; the
-- unit's version after a restart is the highest of these and its grain state's.
-- A leaf activates with the latest version of each period only; the index
-- that finds them is 004-report-log-latest.sql.
-- SubmittedAt is ISO 8601 text ("o" format) and the values and warnings JSON
-- text, so every digit and the scale of a decimal come back as submitted.
CREATE TABLE IF NOT EXISTS AggregationReportLog
(
    ServiceId           TEXT    NOT NULL,
    Unit                TEXT    NOT NULL,
    Period              TEXT    NOT NULL,
    Version             INTEGER NOT NULL,
    ContributionVersion INTEGER NOT NULL,
    SubmittedAt         TEXT    NOT NULL,
    SubmittedBy         TEXT    NOT NULL,
    SubmittedByKey      TEXT    NULL,
    ReportValues        TEXT    NOT NULL,
    Warnings            TEXT    NOT NULL,
    PRIMARY KEY (ServiceId, Unit, Period, Version)
) WITHOUT ROWID;
