using System.Diagnostics;
using Aggregation.Domain.Trees;
using Aggregation.Domain.Units;
using Xunit.Abstractions;

namespace Aggregation.Domain.Tests.Trees;

public class TreeLoadTests(ITestOutputHelper output)
{
    private const string Header = "code,name,level,parent,kind\n";

    private static readonly UnitDefinition[] Province =
    [
        new("VN", "Việt Nam", "nation", null),
        new("30", "Tỉnh Hải Dương", "province", "VN"),
        new("296", "Huyện Bình Giang", "district", "30"),
        new("10966", "Xã Tân Việt", "commune", "296"),
    ];

    private static TreeLoadPlan Load(string csv, params UnitDefinition[] existing) => TreeLoad.Plan(VnUnits.Csv(csv), existing);

    private static (int Row, string? Column, string Code) Single(TreeLoadPlan plan)
    {
        var conflict = Assert.Single(plan.Conflicts);
        Assert.False(plan.IsValid);
        Assert.Empty(plan.Units);
        return (conflict.Row, conflict.Column, conflict.Code);
    }

    [Fact]
    public void TheNationalTreeOf2023LoadsInWellUnderASecond()
    {
        var records = VnUnits.Records(VnUnits.Units2023);
        var clock = Stopwatch.StartNew();
        var plan = TreeLoad.Plan(records, []);
        clock.Stop();
        output.WriteLine($"planned {records.Count - 1} rows in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.ElapsedMilliseconds < 1000, $"planning took {clock.ElapsedMilliseconds} ms");
        Assert.Empty(plan.Conflicts);
        Assert.Equal((11_367, 11_367, 0, 0), (plan.Rows, plan.Created, plan.Updated, plan.Unchanged));
        Assert.Equal(10_598, plan.Units.Count(u => u.Unit.Level == "commune"));
        Assert.Equal("Xã", plan.Units.Single(u => u.Unit.Code == "10966").Kind);
        var stored = new HashSet<string>();
        Assert.All(plan.Units, u =>
        {
            Assert.True(u.Unit.Parent is null || stored.Contains(u.Unit.Parent), $"{u.Unit.Code} comes before its parent");
            stored.Add(u.Unit.Code);
        });
        Assert.Equal(new UnitTree(plan.Units.Select(u => u.Unit)).LeavesUnder("VN").Count(), VnUnits.Leaves(VnUnits.Units2023).Count);
    }

    [Fact]
    public void LoadingATreeAgainChangesNothing()
    {
        var plan = TreeLoad.Plan(VnUnits.Records(VnUnits.Units2025July), VnUnits.Units(VnUnits.Units2025July));
        Assert.Equal((3_356, 0, 0, 3_356), (plan.Rows, plan.Created, plan.Updated, plan.Unchanged));
        Assert.All(plan.Units, u => Assert.Equal(LoadChange.Unchanged, u.Change));
    }

    [Fact]
    public void ParentsMayComeAfterTheirChildrenOrAlreadyBeInTheTree()
    {
        var plan = Load(Header + "10963,Xã Long Xuyên,commune,296,Xã\n10972,Xã Thái Học,commune,297,Xã\n297,Huyện Cẩm Giàng,district,30,Huyện\n", Province);
        Assert.Empty(plan.Conflicts);
        Assert.Equal((3, 3, 0, 0), (plan.Rows, plan.Created, plan.Updated, plan.Unchanged));
        Assert.Equal(["297", "10963", "10972"], plan.Units.Select(u => u.Unit.Code)); // by depth, parents first
    }

    [Fact]
    public void ARenameOrAMoveIsAnUpdate()
    {
        var plan = Load("code,name,level,parent\n10966,Xã Bình Giang,commune,296\n296,Huyện Bình Giang,district,30\n", Province);
        Assert.Equal((2, 0, 1, 1), (plan.Rows, plan.Created, plan.Updated, plan.Unchanged));
        Assert.Equal(LoadChange.Updated, plan.Units.Single(u => u.Unit.Code == "10966").Change);
        Assert.Null(plan.Units[0].Kind);
    }

    [Fact]
    public void AMissingParentIsAConflictOfItsRow() =>
        Assert.Equal((3, "parent", "parent_not_found"), Single(Load(Header + "297,Huyện Cẩm Giàng,district,30,Huyện\n10972,Xã Thái Học,commune,298,Xã\n", Province)));

    [Theory]
    [InlineData("10972,Xã Thái Học,ward,296,Xã", "level", "invalid_level")]
    [InlineData("10972,Xã Thái Học,Commune,296,Xã", "level", "invalid_level")]
    [InlineData("10972,,commune,296,Xã", "name", "invalid_name")]
    [InlineData("109/72,Xã Thái Học,commune,296,Xã", "code", "invalid_code")]
    [InlineData(",Xã Thái Học,commune,296,Xã", "code", "invalid_code")]
    [InlineData("10972,Xã Thái Học,commune,2 96,Xã", "parent", "invalid_code")]
    [InlineData("10972,Xã Thái Học,commune,10972,Xã", "parent", "cycle")]
    [InlineData("10972,Xã Thái Học,commune,10966,Xã", "level", "level_order")]
    [InlineData("10972,Xã Thái Học,province,296,Xã", "level", "level_order")]
    [InlineData("10972,Xã Thái Học,commune,,Xã", "parent", "second_root")]
    public void ARowThatBreaksARuleIsAConflictOnItsColumn(string row, string column, string code) =>
        Assert.Equal((2, column, code), Single(Load(Header + row + "\n", Province)));

    [Fact]
    public void ARepeatedCodeIsAConflictOfTheLaterRow()
    {
        var conflict = Single(Load(Header + "10972,Xã Thái Học,commune,296,Xã\n10972,Xã Thái Học,commune,296,Xã\n", Province));
        Assert.Equal((3, "code", "repeated_row"), conflict);
    }

    [Fact]
    public void ACycleThroughTheFileIsAConflictOfEachOfItsRows()
    {
        var plan = Load(Header + "A,Huyện A,district,B,\nB,Huyện B,district,A,\nC,Xã C,commune,A,\n", Province);
        Assert.Contains(plan.Conflicts, c => c.Row == 2 && c.Code == "cycle");
        Assert.Contains(plan.Conflicts, c => c.Row == 3 && c.Code == "cycle");
        Assert.DoesNotContain(plan.Conflicts, c => c.Row == 4 && c.Code == "cycle");
        Assert.Empty(plan.Units);
    }

    [Fact]
    public void AnEmptyTreeTakesTheFilesFirstRootAndRefusesAnother()
    {
        var plan = Load(Header + "VN,Việt Nam,nation,,\n01,Thành phố Hà Nội,province,VN,Thành phố\nXX,Nước khác,nation,,\n");
        Assert.Equal((4, "parent", "second_root"), Single(plan));
        Assert.Empty(Load(Header + "01,Thành phố Hà Nội,province,VN,Thành phố\nVN,Việt Nam,nation,,\n").Conflicts);
    }

    [Fact]
    public void ALevelThatWouldPutAUnitAtOrBelowAChildOfTheTreeIsAConflict() =>
        Assert.Equal((2, "level", "level_order"), Single(Load(Header + "296,Xã Bình Giang,commune,30,Xã\n", Province)));

    [Fact]
    public void ARowCanGiveTheTreesRootAParentOnlyWithANewRoot()
    {
        Assert.Contains(Load("code,name,level,parent\nVN,Việt Nam,nation,30\n", Province).Conflicts, c => (c.Row, c.Code) == (2, "cycle"));
        var plan = Load("code,name,level,parent\nVN,Việt Nam,province,ASEAN\nASEAN,ASEAN,nation,\n30,Tỉnh Hải Dương,district,VN\n296,Huyện Bình Giang,commune,30\n10966,Xã Tân Việt,commune,30\n", Province);
        Assert.Empty(plan.Conflicts);
        Assert.Equal("ASEAN", plan.Units[0].Unit.Code);
    }

    [Theory]
    [InlineData("code,name,level\n", "parent", "missing_column")]
    [InlineData("code,name,level,parent,type\n", "type", "unknown_column")]
    [InlineData("code,name,level,parent,code\n", "code", "repeated_column")]
    public void TheHeaderNamesTheColumns(string header, string column, string code)
    {
        var plan = Load(header + "10972,Xã Thái Học,commune,296\n", Province);
        Assert.Contains(plan.Conflicts, c => (c.Row, c.Column, c.Code) == (1, column, code));
        Assert.Empty(plan.Units);
    }

    [Fact]
    public void AnEmptyFileMissesEveryColumn() =>
        Assert.Equal(["code", "name", "level", "parent"], TreeLoad.Plan([], Province).Conflicts.Select(c => c.Column));

    [Fact]
    public void ColumnsMayComeInAnyOrderAndBlankRowsAreSkipped()
    {
        var plan = TreeLoad.Plan([["\uFEFFparent", " name ", "code", "level"], ["296", "Xã Thái Học", "10972", "commune"], ["", "", "", ""]], Province);
        Assert.Equal(1, plan.Rows);
        Assert.Equal(new UnitDefinition("10972", "Xã Thái Học", "commune", "296"), Assert.Single(plan.Units).Unit);
    }

    [Fact]
    public void ACellBeyondTheHeaderIsAConflict() =>
        Assert.Equal((2, null, "beyond_header"), Single(Load("code,name,level,parent\n10972,Xã Thái Học,commune,296,Xã\n", Province)));

    [Fact]
    public void AConflictLeavesTheCountsOfTheSoundRows()
    {
        var plan = Load(Header + "10966,Xã Tân Việt,commune,296,Xã\n10972,Xã Thái Học,commune,296,Xã\n10973,Xã Cổ Bì,ward,296,Xã\n", Province);
        Assert.Equal((3, 1, 0, 1), (plan.Rows, plan.Created, plan.Updated, plan.Unchanged));
        Assert.Equal((4, "level", "invalid_level"), Single(plan));
    }
}
