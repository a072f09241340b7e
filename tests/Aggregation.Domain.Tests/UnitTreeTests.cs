using Aggregation.Domain.Units;

namespace Aggregation.Domain.Tests;

public class UnitTreeTests
{
    private static UnitDefinition U(string code, string? parent) => new(code, $"Unit {code}", parent is null ? "province" : "commune", parent);

    private static readonly UnitTree Province = new(
        [U("C3", "D2"), U("C1", "D1"), U("D1", "P"), U("P", null), U("C2", "D1"), U("D2", "P")]);

    [Fact]
    public void LeavesUnderFindsEveryLeafOfTheSubtree()
    {
        Assert.Equal(["C1", "C2", "C3"], Province.LeavesUnder("P").Order());
        Assert.Equal(["C1", "C2"], Province.LeavesUnder("D1").Order());
        Assert.Equal(["C3"], Province.LeavesUnder("C3"));
    }

    [Fact]
    public void TopDownPutsEveryParentBeforeItsChildren()
    {
        var order = Province.TopDown().Select(u => u.Code).ToList();
        Assert.Equal(["P", "D1", "D2", "C1", "C2", "C3"], order);
    }

    [Fact]
    public void AncestorsClimbToTheRoot() => Assert.Equal(["D1", "P"], Province.Ancestors("C2"));

    [Fact]
    public void CycleIsRejected()
    {
        Assert.Contains("cycle", Assert.Throws<ArgumentException>(() => new UnitTree([U("A", "B"), U("B", "C"), U("C", "A")])).Message);
        Assert.Throws<ArgumentException>(() => new UnitTree([U("R", null), U("A", "A")]));
    }

    [Fact]
    public void UnknownParentIsRejected() =>
        Assert.Contains("unknown parent", Assert.Throws<ArgumentException>(() => new UnitTree([U("A", "Z")])).Message);

    [Theory]
    [InlineData("x'; DROP TABLE")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("")]
    [InlineData("Xã")]
    [InlineData("a b")]
    public void BadCodesAreProblems(string code) =>
        Assert.Equal(["code"], new UnitDefinition(code, "Xã Tân Phú", "commune", null).Problems().Select(e => e.Field));

    [Fact]
    public void ThirtyTwoCharacterCodeWithDashAndUnderscoreIsFine() =>
        Assert.Empty(new UnitDefinition("AB_cd-01234567890123456789012345", "Xã Tân Phú", "commune", "HN").Problems());

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyNameIsAProblem(string? name) =>
        Assert.Equal(["name"], new UnitDefinition("C1", name!, "commune", null).Problems().Select(e => e.Field));

    [Fact]
    public void TooLongNameIsAProblem()
    {
        Assert.Equal(["name"], new UnitDefinition("C1", new string('x', UnitCode.MaxNameLength + 1), "commune", null).Problems().Select(e => e.Field));
        Assert.Empty(new UnitDefinition("C1", new string('x', UnitCode.MaxNameLength), "commune", null).Problems());
    }

    [Fact]
    public void SelfParentIsAProblem() =>
        Assert.Equal(["parent"], new UnitDefinition("C1", "Xã", "commune", "C1").Problems().Select(e => e.Field));
}
