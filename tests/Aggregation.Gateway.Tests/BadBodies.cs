using System.Text;
using CsCheck;
using static Aggregation.Gateway.Tests.J;

namespace Aggregation.Gateway.Tests;

/// <summary>One request of the property test, and what it must answer.</summary>
public sealed record Attempt(string Method, string Path, string ContentType, byte[] Body, bool MayBeAccepted = false)
{
    public static Attempt Json(string method, string path, string json, bool mayBeAccepted = false) =>
        new(method, path, "application/json", Encoding.UTF8.GetBytes(json), mayBeAccepted);

    /// <summary>Printed when the property fails: enough to replay the request by hand.</summary>
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Body);
        var shown = text.Length > 600 ? text[..300] + $" …[{Body.Length} bytes]… " + text[^200..] : text;
        return $"{Method} {Path} ({ContentType}{(MayBeAccepted ? ", may be answered" : "")}) {shown}";
    }
}

/// <summary>A JSON write endpoint: a valid body, its fields, and how to make it wide.</summary>
public sealed record JsonEndpoint(string Name, string Method, string Path, J Valid, Field[] Fields, bool Stores, Func<int, J>? Wide = null)
{
    public Attempt With(J body, bool mayBeAccepted = false) => Attempt.Json(Method, Path, Text(body), mayBeAccepted);

    public Gen<Field> AnyField(Func<Field, bool> where) => WrongValues.Pick(Fields.Where(where).ToList());
}

/// <summary>The write endpoints of the API (from the Map*Api files) with a valid body each, and the families of bad bodies.</summary>
public static class BadBodies
{
    public const string Leaf = "10945";
    public const string District = "296";
    public const string ScenarioId = "{scenario}";

    private static readonly J Override = O(("unit", Str(Leaf)), ("element", Str("poor_households")), ("set", Num("20")));

    public static readonly JsonEndpoint[] Endpoints =
    [
        // A new code, so that a body wrongly accepted adds a unit rather than changing the sample's.
        new("PUT unit", "PUT", "/api/units/PROPTEST1", O(("name", Str("Xã Thử")), ("level", Str("commune")), ("parent", Str(District))),
        [
            Field.Of("name", Kind.Name, Str("Xã Thử Hai")), Field.Of("level", Kind.Text, Str("ward")), Field.Of("parent", Kind.Code, Str(District)),
        ], Stores: true),
        new("PUT report", "PUT", $"/api/units/{Leaf}/reports/2023",
            O(("values", O(("households", Num("4817")), ("poor_households", Num("53")), ("population", Num("16001")))), ("expectedVersion", Num("null"))),
        [
            Field.Of("values", Kind.Object, O(("households", Num("4900")))), Field.Of("values/households", Kind.Count, Num("4900")),
            Field.Of("values/poor_households", Kind.Count, Num("60")), Field.Of("values/population", Kind.Count, Num("16100")),
            Field.Of("expectedVersion", Kind.Version, Num("null")),
        ], Stores: true, Wide: n => O(("values", O([.. Enumerable.Range(0, n).Select(i => ($"element_{i}", Num("1")))])))),
        new("PUT plan", "PUT", $"/api/units/{District}/plans/2023",
            O(("targets", O(("poverty_rate", Num("0.88")), ("growth_rate", Num("11")), ("social_income", O(("comparator", Str(">=")), ("value", Num("891"))))))),
        [
            Field.Of("targets", Kind.Object, O(("growth_rate", Num("12")))), Field.Of("targets/poverty_rate", Kind.Rate, Num("0.9")),
            Field.Of("targets/growth_rate", Kind.Target, Num("12")), Field.Of("targets/social_income/comparator", Kind.Comparator, Str(">")),
            Field.Of("targets/social_income/value", Kind.Target, Num("900")),
        ], Stores: true, Wide: n => O(("targets", O([.. Enumerable.Range(0, n).Select(i => ($"indicator_{i}", Num("1")))])))),
        new("POST what-if", "POST", "/api/what-if", O(("unit", Str(District)), ("period", Str("2023")), ("overrides", A(Override))),
        [
            Field.Of("unit", Kind.Code, Str("295")), Field.Of("period", Kind.Period, Str("2022")), Field.Of("overrides", Kind.List, A()),
            Field.Of("overrides/0", Kind.Object, Override), Field.Of("overrides/0/unit", Kind.Code, Str("10946")),
            Field.Of("overrides/0/element", Kind.Element, Str("households")), Field.Of("overrides/0/set", Kind.Amount, Num("21")),
        ], Stores: false, Wide: n => O(("unit", Str(District)), ("period", Str("2023")), ("overrides", A([.. Enumerable.Repeat(Override, n + 500)])))),
        new("POST goal-seek", "POST", "/api/what-if/goal-seek",
            O(("unit", Str(District)), ("period", Str("2023")), ("indicator", Str("poverty_rate")), ("target", Num("0.88")),
                ("lever", O(("element", Str("poor_households")), ("under", Str(District)), ("mode", Str("scale"))))),
        [
            Field.Of("unit", Kind.Code, Str("295")), Field.Of("period", Kind.Period, Str("2022")), Field.Of("indicator", Kind.Indicator, Str("growth_rate")),
            Field.Of("target", Kind.GoalTarget, Num("1")), Field.Of("lever", Kind.Object, O(("element", Str("households")))),
            Field.Of("lever/element", Kind.Element, Str("households")), Field.Of("lever/under", Kind.Code, Str(Leaf)), Field.Of("lever/mode", Kind.Mode, Str("growth")),
        ], Stores: false, Wide: n => O(("unit", Str(District)), ("period", Str("2023")), ("indicator", Str("poverty_rate")), ("target", Num("0.88")),
            ("lever", O(("element", Str("poor_households")), ("units", A([.. Enumerable.Repeat(Str(Leaf), n + 500)])), ("mode", Str("scale")))))),
        Scenario("POST scenario", "POST", "/api/scenarios"),
        Scenario("PUT scenario", "PUT", $"/api/scenarios/{ScenarioId}"),
        new("POST key", "POST", "/api/keys",
            O(("name", Str("property test key")), ("role", Str("analyst")), ("unit", Str(District)), ("expiresAt", Str("2031-01-01T00:00:00Z"))),
        [
            Field.Of("name", Kind.Name, Str("another key")), Field.Of("role", Kind.Role, Str("approver")), Field.Of("unit", Kind.Code, Str("295")),
            Field.Of("expiresAt", Kind.Date, Str("2032-01-01T00:00:00Z")),
        ], Stores: true),
    ];

    private static JsonEndpoint Scenario(string name, string method, string path)
    {
        var change = O(("unit", Str(Leaf)), ("element", Str("poor_households")), ("scale", Num("0.9")));
        return new(name, method, path, O(("name", Str("property test")), ("unit", Str(District)), ("period", Str("2023")), ("overrides", A(change))),
        [
            Field.Of("name", Kind.Name, Str("another name")), Field.Of("unit", Kind.Code, Str("295")), Field.Of("period", Kind.Period, Str("2022")),
            Field.Of("overrides", Kind.List, A()), Field.Of("overrides/0", Kind.Object, change), Field.Of("overrides/0/unit", Kind.Code, Str("10946")),
            Field.Of("overrides/0/element", Kind.Element, Str("households")), Field.Of("overrides/0/scale", Kind.Amount, Num("0.8")),
        ], Stores: true, Wide: n => O(("name", Str("wide")), ("unit", Str(District)), ("period", Str("2023")), ("overrides", A([.. Enumerable.Repeat(change, n + 500)]))));
    }

    /// <summary>Families of bad JSON bodies; each yields only bodies the endpoint must refuse (or, marked, survive).</summary>
    public static readonly Dictionary<string, Func<JsonEndpoint, Gen<Attempt>?>> JsonFamilies = new()
    {
        ["wrong types"] = e => e.AnyField(_ => true).SelectMany(f => WrongValues.Pick(WrongValues.Types(f.Kind)).Select(v => e.With(Set(e.Valid, f.Path, v)))),
        ["extreme numbers"] = e => e.Fields.Any(f => Extremes(e, f).Length > 0) ? Gen.OneOf([.. ExtremeNumbers(e)]) : null,
        ["duplicate keys"] = e => e.AnyField(f => !char.IsAsciiDigit(f.Path[^1][0])).Select(f => e.With(Duplicate(e.Valid, f.Path, f.Other))),
        ["deep, wide and huge"] = e => Gen.OneOf([.. DeepWideHuge(e)]),
        ["control characters and broken UTF-8"] = e => !e.Fields.Any(f => f.IsText) ? null : Gen.OneOf(
            // A comparator is trimmed, so white space around it is no error: only controls that are not white space.
            e.AnyField(f => f.IsText).SelectMany(f => Gen.Select(WrongValues.Pick(WrongValues.Controls.Where(c => f.Kind != Kind.Comparator || !char.IsWhiteSpace(c)).ToList()), Gen.Int[0, 100], (c, at) =>
            {
                var text = TextOf(At(e.Valid, f.Path));
                return e.With(Set(e.Valid, f.Path, Str(text.Insert(at % (text.Length + 1), c.ToString()))));
            })),
            e.AnyField(f => f.IsText).SelectMany(f => WrongValues.Pick(WrongValues.NotUtf8).Select(bytes =>
            {
                var marked = Encoding.UTF8.GetBytes(Text(Set(e.Valid, f.Path, Str("\u00a7MARK\u00a7"))));
                return new Attempt(e.Method, e.Path, "application/json", Replace(marked, Encoding.UTF8.GetBytes("\u00a7MARK\u00a7"), bytes));
            }))),
        ["not JSON"] = e => Gen.OneOf(
            WrongValues.Pick(new[] { "", " ", "{", "}", "[]", "null", "1", "\"x\"", "true", "{,}", "{\"a\"}", "{'name':'x'}", "\u0000" })
                .Select(text => Attempt.Json(e.Method, e.Path, text)),
            Gen.Int[1, 10_000].Select(cut => { var text = Text(e.Valid); return Attempt.Json(e.Method, e.Path, text[..(cut % text.Length)]); }),
            WrongValues.Pick(new[] { "text/plain", "application/x-www-form-urlencoded", "text/csv", "application/xml" })
                .Select(type => new Attempt(e.Method, e.Path, type, Encoding.UTF8.GetBytes(Text(e.Valid))))),
    };

    private static Bad[] Extremes(JsonEndpoint e, Field f) => [.. WrongValues.Extremes(f.Kind).Where(b => !(e.Stores && b.MayBeAccepted))];

    private static IEnumerable<Gen<Attempt>> ExtremeNumbers(JsonEndpoint e)
    {
        yield return e.AnyField(f => Extremes(e, f).Length > 0).SelectMany(f => WrongValues.Pick(Extremes(e, f)).Select(b =>
            e.With(Set(e.Valid, f.Path, b.Value), b.MayBeAccepted)));
        if (e.Fields.Any(f => f.IsNumber))
        {
            // Thousands of digits: far beyond decimal, or far below its resolution.
            yield return Gen.Select(e.AnyField(f => f.IsNumber), Gen.Int[30, 200_000], Gen.Bool, (f, digits, tiny) =>
                e.With(Set(e.Valid, f.Path, Num(tiny ? "0." + new string('0', digits) + "1" : new string('9', digits)))));
        }
    }

    private static IEnumerable<Gen<Attempt>> DeepWideHuge(JsonEndpoint e)
    {
        // Deeper than the 16 levels the gateway reads, in one field or around the whole body.
        yield return Gen.Select(e.AnyField(_ => true), Gen.Int[17, 1000], Gen.Bool, (f, depth, arrays) =>
            e.With(Set(e.Valid, f.Path, Nest(At(e.Valid, f.Path), depth, arrays))));
        yield return Gen.Select(Gen.Int[1, 1000], Gen.Bool, (depth, arrays) => e.With(Nest(e.Valid, depth, arrays)));
        // Text past every limit (names 200, levels 64, codes 32), up to bodies over the 1 MiB limit ('ạ' is 3 bytes).
        if (e.Fields.Any(f => f.IsText))
        {
            yield return Gen.Select(e.AnyField(f => f.IsText), Gen.OneOf(Gen.Int[257, 5000], Gen.Int[360_000, 500_000]), (f, length) =>
                e.With(Set(e.Valid, f.Path, Str(new string('ạ', length)))));
        }
        if (e.Wide is { } wide)
        {
            yield return Gen.Int[1, 20_000].Select(n => e.With(wide(n)));
        }
    }

    private static J Nest(J inner, int depth, bool arrays)
    {
        for (var i = 0; i < depth; i++)
        {
            inner = arrays ? A(inner) : O(("a", inner));
        }
        return inner;
    }

    private static string TextOf(J value) => value is Raw { Json: ['"', .. var body, '"'] } ? body : "";

    public static byte[] Replace(byte[] source, byte[] marker, byte[] with)
    {
        var at = source.AsSpan().IndexOf(marker);
        return [.. source[..at], .. with, .. source[(at + marker.Length)..]];
    }
}
