using System.Reflection;
using System.Text.RegularExpressions;
using Aggregation.Domain.Catalog;
using Aggregation.Domain.Rules;

namespace Aggregation.Gateway.Tests;

/// <summary>
/// Refusal and problem codes are said once (<see cref="RefusalCodes"/> in the domain, the status-level
/// <see cref="ProblemCodes"/> in the gateway), documented in docs/problems.md and said in Vietnamese by the dashboard;
/// no source restates a code as a literal of its own.
/// </summary>
public sealed partial class RefusalCodeTests
{
    private static IReadOnlyList<string> Declared(Type list) => list.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(RefusalCodes.ExceedsPrefix)
            && f.Name is not (nameof(ProblemCodes.CodeKey) or nameof(ProblemCodes.FieldErrorsKey)))
        .Select(f => (string)f.GetRawConstantValue()!).ToList();

    private static IEnumerable<string> Codes => RefusalCodes.All.Concat(ProblemCodes.All);

    [Fact]
    public void EachListHasEveryCodeItDeclaresOnceAndNoCodeIsInBoth()
    {
        Assert.Equal(Declared(typeof(RefusalCodes)), RefusalCodes.All);
        Assert.Equal(Declared(typeof(ProblemCodes)), ProblemCodes.All);
        Assert.Equal(Codes.Count(), Codes.Distinct().Count());
        Assert.All(Codes, code => Assert.Matches("^[a-z]+(_[a-z]+)*$", code));
        Assert.Empty(Codes.Intersect(NoteCodes.All));
        Assert.Equal("exceeds_households", RefusalCodes.Exceeds("households"));
    }

    [Fact]
    public void EveryCodeIsDocumented()
    {
        var problems = Repository.Read("docs", "problems.md");

        Assert.DoesNotContain(Codes, code => !problems.Contains($"`{code}`", StringComparison.Ordinal));
        Assert.Contains($"`{RefusalCodes.ExceedsPrefix}<element>`", problems);
    }

    [Fact]
    public void TheDashboardSaysEveryCodeInVietnamese()
    {
        var script = Repository.Read("src", "Aggregation.Gateway", "wwwroot", "js", "i18n.js");

        var table = CodesTable().Match(script);
        Assert.True(table.Success, "i18n.js has no VI_CODES table");
        var translated = CodeKey().Matches(table.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(translated.Count, translated.Distinct().Count());
        Assert.Empty(Codes.Except(translated));
        Assert.Empty(translated.Except(Codes));
        // A value above the element that bounds it is said with that element's name, whichever element it is.
        Assert.Contains($"/^{RefusalCodes.ExceedsPrefix}(\\w+)$/", script);
    }

    /// <summary>
    /// Outside the lists, a source names a code by its constant: a literal that is a listed code restates it, and
    /// a snake_case literal that is no catalogue code would be a code the lists do not have.
    /// </summary>
    [Fact]
    public void NoSourceSaysACodeAsALiteralOfItsOwn()
    {
        var lists = new[] { "RefusalCodes.cs", "NoteCodes.cs", "ProblemCodes.cs" };
        var catalog = IndicatorCatalog.Default;
        var names = catalog.Elements.Select(e => e.Code).Concat(catalog.Indicators.Select(i => i.Code)).ToHashSet();
        var codes = Codes.Concat(NoteCodes.All).ToHashSet();
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                // Sample data is made of catalogue codes and unit names.
                && !f.Contains($"{Path.DirectorySeparatorChar}Sample{Path.DirectorySeparatorChar}")
                && !lists.Contains(Path.GetFileName(f)))
            .ToList();
        Assert.NotEmpty(sources);

        var found = new List<string>();
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }
                foreach (Match m in Literal().Matches(lines[i]))
                {
                    var text = m.Groups[1].Value;
                    if (codes.Contains(text) || (text.Contains('_') && !names.Contains(text)))
                    {
                        found.Add($"{Path.GetRelativePath(Repository.Root, file)}:{i + 1}: \"{text}\"");
                    }
                }
            }
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [GeneratedRegex(@"const VI_CODES = \{\n(.*?)\n\};", RegexOptions.Singleline)]
    private static partial Regex CodesTable();

    [GeneratedRegex(@"^  ([a-z_]+):", RegexOptions.Multiline)]
    private static partial Regex CodeKey();

    /// <summary>A plain (not interpolated, not verbatim) string literal of lower-case words.</summary>
    [GeneratedRegex(@"(?<![$@\w""])""([a-z]+(?:_[a-z]+)*)""")]
    private static partial Regex Literal();
}
