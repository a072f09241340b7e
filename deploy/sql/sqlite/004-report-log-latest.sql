-- Aggregation: SQLite bootstrap, step 4 of 4 (reading the latest report versions).
--
-- Runs on every silo start, after 003-report-log.sql; the index is only
-- created when missing, so a database made before it gets it at the next start.
--
-- A leaf activates with the latest version of each period only
-- (AdoNetReportLog.ReadLatest): the highest Version per Period is found in this
-- index, then each of those rows by the primary key. The table is WITHOUT
-- ROWID, so its primary key b-tree holds every row's values and warnings; this
-- index holds the key columns alone, so finding the latest versions reads a few
-- bytes per version however long the history, not every version's report.
CREATE INDEX IF NOT EXISTS IX_AggregationReportLog_Versions
    ON AggregationReportLog (ServiceId, Unit, Period, Version);
