using Aggregation.Domain.Units;
using CsCheck;

namespace Aggregation.Domain.Tests;

public class UnitKeyProperties
{
    private const string CodeCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>Any valid unit code: 1–32 of A-Z a-z 0-9 _ -.</summary>
    private static readonly Gen<string> Code = Gen.String[Gen.Char[CodeCharacters], 1, 32];

    /// <summary>Trees as ids are written (<c>2023</c>, <c>2025-07</c>, …), often the default one, sometimes one whose id looks like a code of the same key.</summary>
    private static readonly Gen<string> Tree = Gen.Frequency(
        (2, Gen.Const(UnitKey.DefaultTree)),
        (3, Gen.String[Gen.Char[CodeCharacters + ".:"], 1, 16]),
        (1, Gen.Const("Default")));

    private static readonly Gen<UnitKey> Key = Gen.Select(Tree, Code, (tree, code) => new UnitKey(tree, code));

    [Fact]
    public void ParsingTheKeyTextGivesTheKeyBack() =>
        Key.Sample(key =>
        {
            Assert.Equal(key, UnitKey.Parse(key.ToString()));
            Assert.True(UnitKey.TryParse(key.ToString(), out var parsed));
            Assert.Equal((key.Tree, key.Code), (parsed.Tree, parsed.Code));
        });

    [Fact]
    public void AKeyOfTheDefaultTreeIsExactlyItsCode() =>
        Code.Sample(code =>
        {
            var key = UnitKey.InDefaultTree(code);
            Assert.Equal(code, key.ToString());
            Assert.Equal(key, UnitKey.Parse(code));
            Assert.True(key.IsInDefaultTree);
        });

    [Fact]
    public void AKeyOfAnotherTreeIsTheCodeAtTheTree() =>
        Gen.Select(Tree, Code).Where(k => k.Item1 != UnitKey.DefaultTree).Sample((tree, code) =>
        {
            var key = new UnitKey(tree, code);
            Assert.Equal($"{code}@{tree}", key.ToString());
            Assert.False(key.IsInDefaultTree);
        });

    [Fact]
    public void TwoKeysHaveTheSameTextExactlyWhenTheyAreTheSameKey() =>
        Gen.Select(Key, Key).Sample((a, b) => Assert.Equal(a == b, a.ToString() == b.ToString()));

    [Fact]
    public void AParentOrChildIsInTheSameTree() =>
        Gen.Select(Key, Code).Sample((key, other) =>
        {
            var child = key.WithCode(other);
            Assert.Equal((key.Tree, other), (child.Tree, child.Code));
        });

    [Theory]
    [InlineData("")]
    [InlineData("@2025")]
    [InlineData("a@")]
    [InlineData("a@default")] // the default tree is never written out: one key, one text
    [InlineData("a@b@c")]
    [InlineData("a/2023")]
    [InlineData(null)]
    public void TextThatIsNoKeyIsRefused(string? text)
    {
        Assert.False(UnitKey.TryParse(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => UnitKey.Parse(text));
        }
    }

    [Theory]
    [InlineData("default", "")]
    [InlineData("default", "a@b")]
    [InlineData("default", "a/b")]
    [InlineData("", "a")]
    [InlineData("2025@07", "a")]
    public void AKeyCannotBeMadeOfPartsItsTextCouldNotHold(string tree, string code) =>
        Assert.Throws<ArgumentException>(() => new UnitKey(tree, code));
}
