using System.Diagnostics;
using System.Globalization;
using Aggregation.Domain.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace Aggregation.Bench;

/// <summary>One commune's report for one period; an element it did not report is absent from <see cref="Values"/>.</summary>
public sealed record BaselineReport(string Commune, string? District, string Province, string Period, IReadOnlyDictionary<string, decimal> Values);

public sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Nearest-rank percentiles; NaN when there is nothing to summarise.</summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new(sorted.Length, Rank(0.50), Rank(0.99), Rank(1.0));
    }
}

public sealed record BaselineResult(
    int Reports,
    double UpsertSeconds, double UpsertReportsPerSecond, LatencySummary UpsertLatency,
    double UpsertClientCpuSeconds, double? UpsertServerCpuSeconds,
    double BatchedSeconds, double BatchedReportsPerSecond,
    LatencySummary RollupQuery,
    double TimeToFreshUpsertSeconds,
    double TimeToFreshBatchedSeconds,
    IReadOnlyDictionary<string, decimal> NationalElements,
    IReadOnlyDictionary<string, decimal?> NationalIndicators,
    int RollupRows);

/// <summary>
/// What a team would build instead of the product: one wide PostgreSQL table of reports and a
/// <c>GROUP BY ROLLUP</c> query with the product's semantics, on the same data and machine.
/// </summary>
public static class PostgresBaseline
{
    private const int WarmUps = 3;
    private const int Repeats = 30;

    /// <summary>
    /// Recreates the schema <c>bench_baseline</c> and loads <paramref name="previousPeriod"/> as
    /// untimed history. Then times the current period loaded report by report (an upsert each, on
    /// <paramref name="concurrency"/> connections) and, after deleting it, batched (binary COPY and
    /// one merge), each followed by a first rollup query; then the query alone. Each list holds one period.
    /// </summary>
    /// <param name="databaseCpu">the server's CPU time so far, or null when it is not known</param>
    public static async Task<BaselineResult> Run(string connectionString, Func<TimeSpan?> databaseCpu, IndicatorCatalog catalog,
        IReadOnlyList<BaselineReport> previousPeriod, IReadOnlyList<BaselineReport> currentPeriod, int concurrency,
        CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var current = currentPeriod.Select(r => r.Period).Distinct().Single();
        var previous = previousPeriod.Select(r => r.Period).Distinct().SingleOrDefault();
        var sql = new BaselineSql(catalog);
        await using var db = DataSource(connectionString, concurrency);
        await HoldingThePrevious(db, sql, previousPeriod, ct);
        // The dashboard's own connection, open and warm before any timing, like a pooled one.
        await using var dashboard = await db.OpenConnectionAsync(ct);

        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = databaseCpu();
        var (upsertSeconds, latencies) = await UpsertEach(db, sql, currentPeriod, concurrency, ct);
        var upsertClientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds;
        var upsertServerCpu = (databaseCpu() - serverCpu)?.TotalSeconds;
        var (freshAfterUpserts, _) = await Query(dashboard, sql, current, previous, ct);

        await Execute(db, "delete from bench_baseline.reports where period = @period", ct, current);
        await Execute(db, "vacuum analyze bench_baseline.reports", ct);
        var watch = Stopwatch.StartNew();
        await LoadBatched(db, sql, currentPeriod, ct);
        var batchedSeconds = watch.Elapsed.TotalSeconds;
        var (freshAfterBatch, _) = await Query(dashboard, sql, current, previous, ct);

        await Execute(db, "analyze bench_baseline.reports", ct); // the steady state has current statistics
        var times = new List<double>();
        Rollup rollup = null!;
        for (var run = 0; run < WarmUps + Repeats; run++)
        {
            (var seconds, rollup) = await Query(dashboard, sql, current, previous, ct);
            if (run >= WarmUps)
            {
                times.Add(seconds * 1000);
            }
        }

        return new BaselineResult(currentPeriod.Count,
            upsertSeconds, currentPeriod.Count / upsertSeconds, LatencySummary.Of(latencies), upsertClientCpu, upsertServerCpu,
            batchedSeconds, currentPeriod.Count / batchedSeconds,
            LatencySummary.Of(times),
            upsertSeconds + freshAfterUpserts, batchedSeconds + freshAfterBatch,
            rollup.NationalElements, rollup.NationalIndicators, rollup.Rows);
    }

    /// <summary>
    /// The per-report upsert alone, on a fresh schema holding <paramref name="previousPeriod"/>: reports/s of
    /// <paramref name="currentPeriod"/> loaded an upsert each, as <see cref="Run"/> times it. The bulk benchmark runs it
    /// after every round, so each round's products stand beside a baseline measured on the machine as it was then.
    /// </summary>
    public static async Task<double> UpsertRate(string connectionString, IndicatorCatalog catalog,
        IReadOnlyList<BaselineReport> previousPeriod, IReadOnlyList<BaselineReport> currentPeriod, int concurrency, CancellationToken ct = default)
    {
        var sql = new BaselineSql(catalog);
        await using var db = DataSource(connectionString, concurrency);
        await HoldingThePrevious(db, sql, previousPeriod, ct);
        var (seconds, _) = await UpsertEach(db, sql, currentPeriod, concurrency, ct);
        return currentPeriod.Count / seconds;
    }

    private static NpgsqlDataSource DataSource(string connectionString, int concurrency)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = Math.Max(builder.ConnectionStringBuilder.MaxPoolSize, concurrency + 2);
        return builder.Build();
    }

    /// <summary>Recreates the schema and loads the previous period as untimed history, with its statistics.</summary>
    private static async Task HoldingThePrevious(NpgsqlDataSource db, BaselineSql sql, IReadOnlyList<BaselineReport> previousPeriod, CancellationToken ct)
    {
        await Execute(db, sql.CreateSchema, ct);
        await LoadBatched(db, sql, previousPeriod, ct);
        await Execute(db, "analyze bench_baseline.reports", ct);
    }

    /// <summary>One prepared upsert per report, each its own transaction, as a per-report API would write them.</summary>
    private static async Task<(double Seconds, double[] LatenciesMs)> UpsertEach(
        NpgsqlDataSource db, BaselineSql sql, IReadOnlyList<BaselineReport> reports, int concurrency, CancellationToken ct)
    {
        var workers = new List<NpgsqlCommand>();
        try
        {
            // Connections open and statements prepared before the clock starts: a warm pool.
            for (var i = 0; i < concurrency; i++)
            {
                var command = new NpgsqlCommand(sql.Upsert, await db.OpenConnectionAsync(ct));
                workers.Add(command);
                command.Parameters.AddRange(sql.RowTypes.Select(t => new NpgsqlParameter { NpgsqlDbType = t }).ToArray());
                await command.PrepareAsync(ct);
            }
            var latencies = new double[reports.Count];
            var next = -1;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(workers.Select(async command =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < reports.Count;)
                {
                    var row = sql.Row(reports[i]);
                    for (var p = 0; p < row.Length; p++)
                    {
                        command.Parameters[p].Value = row[p] ?? DBNull.Value;
                    }
                    var start = Stopwatch.GetTimestamp();
                    await command.ExecuteNonQueryAsync(ct);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }));
            return (watch.Elapsed.TotalSeconds, latencies);
        }
        finally
        {
            foreach (var command in workers)
            {
                await command.Connection!.DisposeAsync();
                await command.DisposeAsync();
            }
        }
    }

    /// <summary>Binary COPY into a staging table and one merge into the reports, in one transaction.</summary>
    private static async Task LoadBatched(NpgsqlDataSource db, BaselineSql sql, IReadOnlyList<BaselineReport> reports, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand("create temp table staging (like bench_baseline.reports) on commit drop", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        await using (var importer = await connection.BeginBinaryImportAsync($"copy staging ({sql.Columns}) from stdin (format binary)", ct))
        {
            foreach (var report in reports)
            {
                await importer.StartRowAsync(ct);
                var row = sql.Row(report);
                for (var p = 0; p < row.Length; p++)
                {
                    await (row[p] is { } value ? importer.WriteAsync(value, sql.RowTypes[p], ct) : importer.WriteNullAsync(ct));
                }
            }
            await importer.CompleteAsync(ct);
        }
        await using (var merge = new NpgsqlCommand(sql.MergeStaging, connection, transaction))
        {
            await merge.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private sealed record Rollup(IReadOnlyDictionary<string, decimal> NationalElements, IReadOnlyDictionary<string, decimal?> NationalIndicators, int Rows);

    /// <summary>Runs the rollup query and reads every row, as a dashboard would; returns its duration and the nation's row.</summary>
    private static async Task<(double Seconds, Rollup Result)> Query(
        NpgsqlConnection connection, BaselineSql sql, string current, string? previous, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(sql.Rollup, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("current", current));
        command.Parameters.Add(new NpgsqlParameter { ParameterName = "previous", NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)previous ?? DBNull.Value });
        // Prepared, as a dashboard's repeated query would be: later runs skip parsing and, once
        // PostgreSQL settles on a generic plan, planning.
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        var elements = new Dictionary<string, decimal>();
        var indicators = new Dictionary<string, decimal?>();
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var values = Enumerable.Range(3, reader.FieldCount - 3).Select(c => reader.IsDBNull(c) ? (decimal?)null : reader.GetDecimal(c)).ToArray();
            if (reader.GetInt32(0) != BaselineSql.NationLevel)
            {
                continue;
            }
            for (var e = 0; e < sql.Elements.Count; e++)
            {
                if (values[e] is { } sum)
                {
                    elements[sql.Elements[e]] = sum; // an element nobody reported has no total, as in the product
                }
            }
            for (var i = 0; i < sql.Indicators.Count; i++)
            {
                indicators[sql.Indicators[i].Code] = values[sql.Elements.Count + i];
            }
        }
        return (watch.Elapsed.TotalSeconds, new Rollup(elements, indicators, rows));
    }

    private static async Task Execute(NpgsqlDataSource db, string text, CancellationToken ct, string? period = null)
    {
        await using var command = db.CreateCommand(text);
        if (period is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("period", period));
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The baseline's SQL, generated from the catalogue: a numeric column per element, an expression per indicator.</summary>
internal sealed class BaselineSql
{
    /// <summary><c>grouping(province, district)</c> of the ROLLUP's grand-total row.</summary>
    public const int NationLevel = 3;

    private static readonly string[] Keys = ["commune", "district", "province", "period"];

    public BaselineSql(IndicatorCatalog catalog)
    {
        Elements = catalog.Elements.Select(e => e.Code).ToList();
        Indicators = catalog.Indicators;
        Columns = string.Join(", ", Keys.Concat(Elements.Select(Quote)));
        RowTypes = [.. Keys.Select(_ => NpgsqlDbType.Text), .. Elements.Select(_ => NpgsqlDbType.Numeric)];
        // A new version of a report replaces the old one whole: an element it leaves out becomes null.
        var replace = "on conflict (commune, period) do update set " +
            string.Join(", ", new[] { "district", "province" }.Concat(Elements.Select(Quote)).Select(c => $"{c} = excluded.{c}"));
        Upsert = $"insert into bench_baseline.reports ({Columns}) values ({string.Join(", ", RowTypes.Select((_, i) => $"${i + 1}"))}) {replace}";
        MergeStaging = $"insert into bench_baseline.reports ({Columns}) select {Columns} from staging {replace}";
        CreateSchema = $"""
            drop schema if exists bench_baseline cascade;
            create schema bench_baseline;
            create table bench_baseline.reports (commune text not null, district text, province text not null, period text not null,
                {string.Join(", ", Elements.Select(e => $"{Quote(e)} numeric"))}, primary key (commune, period));
            create index on bench_baseline.reports (period, province, district);
            {ToDecimalFunction()}
            """;
        Rollup = RollupQuery();
    }

    public IReadOnlyList<string> Elements { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    /// <summary>The report columns in COPY and parameter order, which <see cref="RowTypes"/> and <see cref="Row"/> follow.</summary>
    public string Columns { get; }

    public NpgsqlDbType[] RowTypes { get; }

    public string CreateSchema { get; }

    public string Upsert { get; }

    public string MergeStaging { get; }

    /// <summary>Columns: level (<c>grouping(province, district)</c>), province, district, each element's sum, each indicator's value.</summary>
    public string Rollup { get; }

    public object?[] Row(BaselineReport r) =>
        [r.Commune, r.District, r.Province, r.Period, .. Elements.Select(e => r.Values.TryGetValue(e, out var v) ? (object)v : null)];

    private string RollupQuery()
    {
        // A growth indicator reads the same commune's previous report; without one (or without
        // the element in it) the commune does not contribute, exactly as LeafContribution has it.
        var previous = Indicators.SelectMany(i => i.Inputs).Where(i => i.Offset != 0).Select(i => i.Element).Distinct();
        return $"""
            with leaves as (
                select c.province, c.district, {string.Join(", ", Elements.Select(e => $"c.{Quote(e)}").Concat(previous.Select(e => $"p.{Quote(e)} as {Column(e, -1)}")))}
                from bench_baseline.reports c left join bench_baseline.reports p on p.commune = c.commune and p.period = @previous
                where c.period = @current),
            -- Communes are summed once per district, so the ROLLUP adds up a fifteenth as many rows.
            districts as (
                select province, district, {string.Join(", ", Elements.Select(e => $"sum({Quote(e)}) as {Quote(e)}"))},
                    {string.Join(", ", Indicators.SelectMany(Parts))}
                from leaves
                group by province, district)
            select grouping(province, district) as level, province, district, {string.Join(", ", Elements.Select(e => $"sum({Quote(e)})"))},
                {string.Join(", ", Indicators.Select(Value))}
            from districts
            group by rollup (province, district)
            -- communes directly under their province (no district) make no district row
            having grouping(province, district) > 0 or district is not null
            """;
    }

    /// <summary>A district's Σ numerator (and Σ denominator) of an indicator, over the communes that reported every input.</summary>
    private static IEnumerable<string> Parts(IndicatorDefinition indicator)
    {
        var inputs = indicator.Inputs.Select(i => $"{Column(i.Element, i.Offset)} is not null").ToList();
        var filter = inputs.Count == 0 ? "" : $" filter (where {string.Join(" and ", inputs)})";
        yield return $"sum({string.Join(" + ", indicator.Numerator.Select(TermSql))}){filter} as {Part(indicator, "n")}";
        if (indicator.Denominator.Count > 0)
        {
            yield return $"sum({string.Join(" + ", indicator.Denominator.Select(TermSql))}){filter} as {Part(indicator, "d")}";
        }
    }

    /// <summary>
    /// (Σ numerator / Σ denominator) × scale + offset, each step rounded as System.Decimal rounds
    /// it, so the values equal IndicatorValue's. The quotient is first taken to 40 decimals (the
    /// sums are exact, so only it is rounded, far past decimal's 28); multiplying by a power of ten
    /// is exact in both. Null without a contributing leaf or with a zero denominator.
    /// </summary>
    private static string Value(IndicatorDefinition indicator)
    {
        var value = indicator.Denominator.Count == 0
            ? $"sum({Part(indicator, "n")})"
            : $"bench_baseline.to_decimal(round(sum({Part(indicator, "n")})::numeric, 40) / nullif(sum({Part(indicator, "d")}), 0))";
        if (indicator.Scale != 1m)
        {
            value = IsPowerOfTen(indicator.Scale)
                ? $"{value} * {Literal(indicator.Scale)}"
                : $"bench_baseline.to_decimal({value} * {Literal(indicator.Scale)})";
        }
        if (indicator.Offset != 0m)
        {
            value = $"bench_baseline.to_decimal({value} + ({Literal(indicator.Offset)}))";
        }
        return $"trim_scale({value})"; // a product's trailing zeros would not fit a decimal's 28 digits
    }

    private static string TermSql(Term term) => term switch
    {
        { Element: null } => Literal(term.Sign),
        { EqualsValue: { } equals } => $"case when {Column(term.Element, 0)} = {Literal(equals)} then 1 else 0 end",
        _ => $"{(term.Sign < 0 ? "-" : "")}{Column(term.Element, term.PeriodOffset)}",
    };

    /// <summary>
    /// <c>to_decimal(x)</c>: x as System.Decimal holds it, to the most fractional digits (≤ 28)
    /// whose 96-bit mantissa still fits, rounded half to even; null past decimal's range.
    /// </summary>
    private static string ToDecimalFunction()
    {
        const string limit = "792281625142643375935439503355"; // (2^96 − 1 + ½) × 10
        var branches = Enumerable.Range(0, 29).Reverse().Select(s =>
            $"when abs(x) < {limit.Insert(limit.Length - 1 - s, ".")} then case " +
            $"when trunc(x, {s + 1}) = x and abs(x - trunc(x, {s})) = 0.{new string('0', s)}5 and mod(trunc(x, {s}) * 1{new string('0', s)}, 2) = 0 " +
            $"then trunc(x, {s}) else round(x, {s}) end");
        return $"""
            create function bench_baseline.to_decimal(x numeric) returns numeric language plpgsql immutable parallel safe
            as $$ begin return case {string.Join("\n", branches)} end; end $$;
            """;
    }

    private static bool IsPowerOfTen(decimal value)
    {
        while (value >= 10m && value % 10m == 0m)
        {
            value /= 10m;
        }
        return value == 1m;
    }

    private static string Part(IndicatorDefinition indicator, string part) => Quote($"{indicator.Code}#{part}");

    private static string Column(string element, int offset) => Quote(offset == 0 ? element : $"{element}[{offset}]");

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";

    /// <summary>Catalogue constants (scale, offset, 1, 19) only; report values always travel as parameters or by COPY.</summary>
    private static string Literal(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
