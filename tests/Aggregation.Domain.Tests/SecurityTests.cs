using System.Text;
using Aggregation.Domain.Security;
using Aggregation.Domain.Units;

namespace Aggregation.Domain.Tests;

public sealed class SecurityTests
{
    [Fact]
    public void ATokenNamesItsKeyAndCarriesA256BitSecret()
    {
        var (id, secret) = (ApiKeyToken.NewId(), ApiKeyToken.NewSecret());
        Assert.Matches("^[0-9a-f]{12}$", id);
        Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.True(ApiKeyToken.TryParse(ApiKeyToken.Format(id, secret), out var parsedId, out var parsedSecret));
        Assert.Equal((id, secret), (parsedId, parsedSecret));
        Assert.NotEqual(secret, ApiKeyToken.NewSecret());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("agg_")]
    [InlineData("agg__secret")]
    [InlineData("agg_id_")]
    [InlineData("agg_ID_secret")]
    [InlineData("xyz_abc_secret")]
    [InlineData("agg_abc")]
    public void MalformedTokensDoNotParse(string? token) => Assert.False(ApiKeyToken.TryParse(token, out _, out _));

    [Fact]
    public void TheSecretMayContainUnderscores()
    {
        Assert.True(ApiKeyToken.TryParse("agg_abc123_a_b-c", out var id, out var secret));
        Assert.Equal(("abc123", "a_b-c"), (id, secret));
    }

    [Fact]
    public void HashesCompareByValue()
    {
        Assert.True(ApiKeyToken.Matches(ApiKeyToken.Hash("s3cret"), ApiKeyToken.Hash("s3cret")));
        Assert.False(ApiKeyToken.Matches(ApiKeyToken.Hash("s3cret"), ApiKeyToken.Hash("s3creT")));
        Assert.Equal(32, ApiKeyToken.Hash("x").Length);
    }

    [Fact]
    public void RolesHaveTheirApiNames()
    {
        Assert.Equal(["admin", "analyst", "approver", "reporter"], Roles.All.Select(r => r.Name()));
        Assert.True(Roles.TryParse("approver", out var role));
        Assert.Equal(Role.Approver, role);
        Assert.False(Roles.TryParse("Admin", out _));
        Assert.False(Roles.TryParse(null, out _));
    }

    [Theory]
    [InlineData("Xã Tân Việt")]
    [InlineData("Xã 👨\u200D👩\u200D👧")]
    [InlineData("\u200Fמבחן")]
    public void UnusualButValidNamesPass(string name)
    {
        Assert.Null(Names.Problem(name));
        Assert.Null(Names.Problem(name.Normalize(NormalizationForm.FormD)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\u0007")]
    [InlineData("a\nb")]
    public void BadNamesAreRefused(string name) => Assert.NotNull(Names.Problem(name));

    [Fact]
    public void LoneSurrogatesAreRefused()
    {
        // Built here: xUnit would turn a lone surrogate in [InlineData] into U+FFFD.
        Assert.NotNull(Names.Problem("a" + '\ud800'));
        Assert.NotNull(Names.Problem('\udc00' + "a"));
        Assert.NotNull(Names.Problem("a" + '\ud800' + "b"));
    }

    [Fact]
    public void NamesAreLimitedTo200Characters()
    {
        Assert.Null(Names.Problem(new string('a', 200)));
        Assert.NotNull(Names.Problem(new string('a', 201)));
    }
}
