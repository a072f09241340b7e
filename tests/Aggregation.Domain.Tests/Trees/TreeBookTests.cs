using Aggregation.Domain.Periods;
using Aggregation.Domain.Rules;
using Aggregation.Domain.Trees;

namespace Aggregation.Domain.Tests.Trees;

public class TreeBookTests
{
    private static readonly TreeInfo T2023 = new("2023-04", new DateOnly(2023, 4, 15), "Danh mục 2023");
    private static readonly TreeInfo T2025March = new("2025-03", new DateOnly(2025, 3, 1), "Danh mục 03/2025");
    private static readonly TreeInfo T2025July = new("2025-07", new DateOnly(2025, 7, 1), "Danh mục 07/2025");

    private static readonly TreeBook Book = new([T2025July, T2023, T2025March]);

    private static (string, string) FieldAndCode(FieldError error) => (error.Field, error.Code);

    [Fact]
    public void TreesAreOrderedByTheDayTheyComeIntoForce() =>
        Assert.Equal(["2023-04", "2025-03", "2025-07"], Book.Trees.Select(t => t.Id));

    [Theory]
    [InlineData("2023", "2023-04")]
    [InlineData("202303", "2023-04")] // ends before the oldest tree: on the oldest
    [InlineData("2022", "2023-04")]
    [InlineData("202304", "2023-04")] // 30 April is on the tree of 15 April
    [InlineData("2024", "2023-04")]
    [InlineData("202502", "2023-04")]
    [InlineData("2025Q1", "2025-03")]
    [InlineData("2025S1", "2025-03")] // 30 June 2025
    [InlineData("202506", "2025-03")]
    [InlineData("2025YTD06", "2025-03")]
    [InlineData("202507", "2025-07")]
    [InlineData("2025Q3", "2025-07")]
    [InlineData("2025YTD07", "2025-07")]
    [InlineData("2025", "2025-07")] // 31 December 2025
    [InlineData("2026", "2025-07")]
    public void APeriodIsOnTheTreeInForceOnItsLastDay(string period, string tree) =>
        Assert.Equal(tree, Book.TreeOf(Period.Parse(period)).Id);

    [Fact]
    public void ATreeIsInForceFromItsFirstDay()
    {
        Assert.Equal("2025-07", Book.TreeOn(new DateOnly(2025, 7, 1)).Id);
        Assert.Equal("2025-03", Book.TreeOn(new DateOnly(2025, 6, 30)).Id);
    }

    [Fact]
    public void WithoutTreesEveryPeriodIsOnTheDefaultTree()
    {
        var book = TreeBook.Empty;
        Assert.Equal([TreeInfo.Default], book.Trees);
        Assert.Equal(DateOnly.MinValue, book.Newest.ValidFrom);
        Assert.Equal("default", book.TreeOf(Period.Parse("1900")).Id);
        Assert.Equal("default", book.TreeOf(Period.Parse("2999")).Id);
    }

    [Fact]
    public void TheFirstDefinedTreeTakesThePlaceOfTheDefault()
    {
        var book = TreeBook.Empty.With(T2023);
        Assert.Equal([T2023], book.Trees);
        Assert.Null(book.Find("default"));
    }

    [Fact]
    public void WithRenamesOrRedatesATreeInPlace()
    {
        var renamed = Book.With(T2025March with { Name = "Sau sáp nhập 2023–2025", ValidFrom = new DateOnly(2025, 1, 1) });
        Assert.Equal(3, renamed.Trees.Count);
        Assert.Equal("Sau sáp nhập 2023–2025", renamed.Find("2025-03")!.Name);
        Assert.Equal("2025-03", renamed.TreeOf(Period.Parse("202501")).Id);
    }

    [Fact]
    public void IsNewerComparesTheDaysTreesComeIntoForce()
    {
        Assert.True(Book.IsNewer("2025-07", "2023-04"));
        Assert.False(Book.IsNewer("2023-04", "2025-07"));
        Assert.False(Book.IsNewer("2025-03", "2025-03"));
        Assert.Throws<ArgumentException>(() => Book.IsNewer("2025-07", "2020"));
    }

    [Fact]
    public void BeforeIsTheNewestOlderTree()
    {
        Assert.Null(Book.Before("2023-04"));
        Assert.Equal(T2023, Book.Before("2025-03"));
        Assert.Equal(T2025March, Book.Before("2025-07"));
        Assert.Throws<ArgumentException>(() => Book.Before("2020"));
    }

    [Fact]
    public void AfterIsTheOldestNewerTree()
    {
        Assert.Equal(T2025March, Book.After("2023-04"));
        Assert.Equal(T2025July, Book.After("2025-03"));
        Assert.Null(Book.After("2025-07"));
        Assert.Null(TreeBook.Empty.After(TreeInfo.DefaultId));
        Assert.Null(TreeBook.Empty.Before(TreeInfo.DefaultId));
    }

    [Theory]
    [InlineData("2023-04", "2025-03", null)]
    [InlineData("2025-03", "2025-07", null)]
    [InlineData("2023-04", "2025-07", RefusalCodes.NotPrevious)] // two steps: each is mapped, and they compose
    [InlineData("2025-07", "2025-03", RefusalCodes.NotNewer)]
    [InlineData("2025-03", "2025-03", RefusalCodes.NotNewer)]
    public void AMappingComesFromTheTreeRightBefore(string from, string to, string? code)
    {
        var problem = Book.MappingProblem(from, to);
        Assert.Equal(code, problem?.Code);
        Assert.Equal(code is null ? null : "from", problem?.Field);
    }

    [Theory]
    [InlineData("2025/07", "id", "invalid_code")]
    [InlineData("", "id", "invalid_code")]
    [InlineData("cây mới", "id", "invalid_code")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "id", "invalid_code")]
    public void ATreeIdFollowsTheUnitCodeRule(string id, string field, string code)
    {
        var error = Assert.Single(Book.ProblemsWith(new TreeInfo(id, new DateOnly(2026, 1, 1), "Cây")));
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Throws<ArgumentException>(() => Book.With(new TreeInfo(id, new DateOnly(2026, 1, 1), "Cây")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a\u0001b")]
    public void ATreeNeedsAName(string name) =>
        Assert.Equal(("name", "invalid_name"), FieldAndCode(Assert.Single(Book.ProblemsWith(T2023 with { Name = name }))));

    [Fact]
    public void TwoTreesCannotComeIntoForceTheSameDay()
    {
        var clash = new TreeInfo("2025-07b", T2025July.ValidFrom, "Trùng ngày");
        Assert.Equal(("validFrom", "same_valid_from"), FieldAndCode(Assert.Single(Book.ProblemsWith(clash))));
        Assert.Throws<ArgumentException>(() => Book.With(clash));
        Assert.Empty(Book.ProblemsWith(T2025July with { Name = "Cùng cây, tên mới" }));
    }

    [Fact]
    public void AnIdGivenTwiceIsRefused() =>
        Assert.Equal(("id", "duplicate_tree"),
            FieldAndCode(Assert.Single(TreeBook.Problems([T2023, T2023 with { ValidFrom = new DateOnly(2024, 1, 1) }]))));
}
