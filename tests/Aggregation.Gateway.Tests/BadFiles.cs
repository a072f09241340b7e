using System.IO.Compression;
using System.Text;
using CsCheck;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Bad requests that are not JSON bodies: malformed path segments on every write route, and broken
/// CSV, xlsx and multipart uploads to the import. Every data row of a generated file is broken, so
/// nothing in it may be stored; each would change the report if it were read as a valid row.
/// </summary>
public static class BadFiles
{
    public const string Import = "/api/import/reports";
    private const string Header = "unit,period,households,poor_households";
    private static readonly string ValidRow = $"{BadBodies.Leaf},2023,4817,53";
    private static readonly string ValidCsv = $"{Header}\r\n{ValidRow}\r\n";

    private static readonly string[] BadCodes = ["a b", "x';DROP TABLE x", new('a', 33), "ü", "a/b", "a\0b", "a\u0007", "\ud800", "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-"];
    private static readonly string[] BadPeriods = ["2023Q5", "2023S3", "202313", "2023YTD13", "20231", "abc", "0", "99999", "2023 ", "２０２３", "2023\0"];
    private static readonly string[] BadYears = ["1899", "3000", "20x3", "2023.0", "-2023", "99999999999", "2023\0"];
    private static readonly string[] BadIds = ["x", "ZZZZZZZZZZZZ", "0123456789abX", "a b", new('f', 300), "\0", "ffffffffffff"];

    private static string Seg(string segment) => Uri.EscapeDataString(segment);

    private static Gen<string> Pick(params string[] items) => WrongValues.Pick(items);

    /// <summary>Write routes whose path is wrong: a bad code, period, year or id, an unknown unit, a state that refuses.</summary>
    public static Gen<Attempt> Paths(string scenarioId)
    {
        var unit = J.Text(BadBodies.Endpoints[0].Valid);
        var report = J.Text(BadBodies.Endpoints[1].Valid);
        var plan = J.Text(BadBodies.Endpoints[2].Valid);
        var scenario = J.Text(BadBodies.Endpoints[6].Valid);
        return Gen.OneOf(
            Gen.Select(Pick("POST", "DELETE"), Pick(BadCodes), (m, c) => Bare(m, $"/api/units/{Seg(c)}/approvals/2023")),
            Gen.Select(Pick("POST", "DELETE"), Pick(BadPeriods), (m, p) => Bare(m, $"/api/units/{BadBodies.Leaf}/approvals/{Seg(p)}")),
            // Approving needs the leaf's report, or every child approved; neither exists for 2019, and ZZ999 does not exist at all.
            Pick($"{BadBodies.Leaf}/approvals/2019", $"{BadBodies.District}/approvals/2019", "ZZ999/approvals/2023").Select(p => Bare("POST", $"/api/units/{p}")),
            Gen.Select(Pick(BadCodes), Pick(BadPeriods), Gen.Bool, (c, p, badCode) =>
                Bare("POST", badCode ? $"/api/admin/verify/{Seg(c)}/2023" : $"/api/admin/verify/{BadBodies.District}/{Seg(p)}")),
            Pick(BadIds).Select(id => Bare("DELETE", $"/api/keys/{Seg(id)}")),
            Gen.Select(Pick(BadIds), Gen.Bool, (id, delete) => delete ? Bare("DELETE", $"/api/scenarios/{Seg(id)}") : Attempt.Json("PUT", $"/api/scenarios/{Seg(id)}", scenario)),
            Pick(BadCodes).Select(c => Attempt.Json("PUT", $"/api/units/{Seg(c)}", unit)),
            Gen.Select(Pick(BadCodes), Pick(BadPeriods), Gen.Int[0, 2], (c, p, which) => which switch
            {
                0 => Attempt.Json("PUT", $"/api/units/{Seg(c)}/reports/2023", report),
                1 => Attempt.Json("PUT", $"/api/units/{BadBodies.Leaf}/reports/{Seg(p)}", report),
                _ => Attempt.Json("PUT", $"/api/units/{BadBodies.District}/reports/2023", report), // not a leaf
            }),
            Gen.Select(Pick(BadYears), Pick("ZZ999", "a b"), Gen.Bool, (y, c, badYear) =>
                Attempt.Json("PUT", badYear ? $"/api/units/{BadBodies.District}/plans/{Seg(y)}" : $"/api/units/{Seg(c)}/plans/2023", plan)),
            Gen.Const(Attempt.Json("PUT", $"/api/scenarios/{scenarioId}", scenario.Replace("\"296\"", "\"ZZ999\""))));
    }

    private static Attempt Bare(string method, string path) => new(method, path, "", []);

    private static Attempt Csv(string text, string query = "") => new("POST", Import + query, "text/csv", Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Bytes that make no cell a valid number, code or period, and never end a cell or a row: controls that are
    /// not white space, DEL, and lone UTF-8 continuation bytes (never a character, so never a trimmed space).
    /// </summary>
    private static readonly Gen<byte[]> Garbage = Gen.Byte.Where(b => b is < 0x09 or (> 0x0D and < 0x1C) or (>= 0x7F and < 0xC0)).Array[1, 40];

    public static Gen<Attempt> BrokenCsv() => Gen.OneOf(
        Gen.Select(Gen.OneOf(
            // An opening quote that never closes, in a cell or the header.
            Pick($"{BadBodies.Leaf},2023,\"4817,53", $"{BadBodies.Leaf},2023,4817,\"53", $"\"{BadBodies.Leaf},2023,4817,53", $"{BadBodies.Leaf},2023,48\"17,53")
                .Select(row => $"{Header}\r\n{row}\r\n"),
            Pick($"\"{Header}\r\n{ValidRow}\r\n", $"unit,\"period,households,poor_households\r\n{ValidRow}\r\n"),
            // More cells than the header names (not merely empty ones, which some exporters add).
            Pick(",99", ",\"x\"", ",,7", ",53,53").Select(extra => $"{Header}\r\n{ValidRow}{extra}\r\n"),
            // A value no element takes.
            Pick("1e400", "-5", "abc", "4817.5", "1000000000000001", "79228162514264337593543950336", "5e-324", "NaN", "Infinity", "0x12")
                .Select(v => $"{Header}\r\n{BadBodies.Leaf},2023,{v},53\r\n"),
            Pick("period,households", "households,poor_households", "unit,unit,period,households", "unit,period,colour").Select(h => $"{h}\r\n{ValidRow}\r\n")),
            Pick("", "?strategy=all-or-nothing"), (text, query) => Csv(text, query)),
        // Control bytes or bytes that are not UTF-8 inside the row.
        Gen.Select(Garbage, Gen.Int[0, ValidRow.Length - 1], Pick("", "?strategy=all-or-nothing"), (bytes, at, query) =>
            new Attempt("POST", Import + query, "text/csv", [.. Encoding.UTF8.GetBytes($"{Header}\r\n{ValidRow[..at]}"), .. bytes,
                .. Encoding.UTF8.GetBytes($"{ValidRow[at..]}\r\n")])),
        WrongValues.Pick(WrongValues.NotUtf8).Select(bytes => new Attempt("POST", Import, "text/csv",
            [.. Encoding.UTF8.GetBytes($"{Header}\r\n{BadBodies.Leaf},2023,48"), .. bytes, .. Encoding.UTF8.GetBytes("17,53\r\n")])),
        // No CSV at all.
        Gen.Byte.Array[1, 3000].Select(bytes => new Attempt("POST", Import, "text/csv", bytes)));

    /// <summary>The product's own template cut short, with bytes flipped, or with its sheet XML cut or garbled inside an intact zip.</summary>
    public static Gen<Attempt> BrokenXlsx(byte[] template) => Gen.OneOf(
        Gen.Int[0, template.Length - 1].Select(cut => template[..cut]),
        Gen.Select(Gen.Int[0, template.Length - 1].Array[1, 8], Gen.Byte[1, 255], (positions, mask) =>
        {
            var copy = (byte[])template.Clone();
            foreach (var at in positions)
            {
                copy[at] ^= mask;
            }
            return copy;
        }),
        Gen.Select(Gen.Int[0, 1_000_000], Pick("", "<", "&", "\0", "\u0001", "<row>", "</sheetData>", "\""), (at, insert) => WithSheet(template, xml =>
        {
            var from = xml.IndexOf("<sheetData", StringComparison.Ordinal);
            if (from < 0)
            {
                return xml; // another part under xl/worksheets/ (its relationships): the sheet itself is broken
            }
            var cut = from + at % (xml.Length - from);
            return insert.Length == 0 ? xml[..cut] : xml[..cut] + insert + xml[cut..];
        })))
        .Select(bytes => new Attempt("POST", Import, XlsxType, bytes));

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static byte[] WithSheet(byte[] xlsx, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                writer.Write(entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) ? change(text) : text);
            }
        }
        return output.ToArray();
    }

    /// <summary>Multipart without a boundary, without its closing boundary, with another boundary, with the file elsewhere or mislabelled.</summary>
    public static Gen<Attempt> BrokenMultipart() => Gen.OneOf(
        Gen.Const(Multipart("multipart/form-data", Part("file", "r.csv", ValidCsv) + "--XyZ--\r\n")),
        Gen.Select(Gen.Int[0, 10_000], Pick("", "\r\n", "\r\n--Xy", "\r\n--XyZ-"), (cut, end) =>
        {
            var part = Part("file", "r.csv", ValidCsv);
            var from = part.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
            return Multipart("multipart/form-data; boundary=XyZ", part[..(from + cut % (part.Length - 2 - from))] + end);
        }),
        Gen.Const(Multipart("multipart/form-data; boundary=AbC", Part("file", "r.csv", ValidCsv) + "--XyZ--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", "")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", "--XyZ--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", Part("upload", "r.csv", ValidCsv) + "--XyZ--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", Part("file", "r.txt", ValidCsv, "text/plain") + "--XyZ--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\r\n\r\n" + ValidCsv + "\r\n--XyZ--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=XyZ", "--XyZ\r\nX-Long: " + new string('h', 20_000) + "\r\n" + Part("file", "r.csv", ValidCsv)[7..] + "--XyZ--\r\n")),
        Gen.Const(Multipart($"multipart/form-data; boundary={new string('B', 71)}", Part("file", "r.csv", ValidCsv).Replace("XyZ", new string('B', 71)) + $"--{new string('B', 71)}--\r\n")),
        Gen.Const(Multipart("multipart/form-data; boundary=\"XyZ", Part("file", "r.csv", ValidCsv) + "--XyZ--\r\n")));

    private static string Part(string field, string file, string content, string type = "text/csv") =>
        $"--XyZ\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: {type}\r\n\r\n{content}\r\n";

    private static Attempt Multipart(string contentType, string body) => new("POST", Import, contentType, Encoding.UTF8.GetBytes(body));
}
