using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Tests.Targets;

public class TargetTests
{
    private static Target For(string rid, string config = "Debug", params string[] tags) =>
        new(TargetFramework.Parse("net10.0"), RidCatalog.Resolve(rid), config, tags);

    [Theory]
    [InlineData("linux-x64", new[] { "linux", "unix", "x64", "amd64" }, new[] { "windows", "musl", "darwin" })]
    [InlineData("linux-musl-arm64", new[] { "linux", "unix", "musl", "arm64" }, new[] { "x64", "glibc" })]
    [InlineData("win-x64", new[] { "win", "windows", "x64", "amd64" }, new[] { "unix", "linux" })]
    [InlineData("osx-arm64", new[] { "osx", "darwin", "macos", "unix", "arm64" }, new[] { "linux", "ios" })]
    [InlineData("android-arm64", new[] { "android", "linux", "unix", "arm64" }, new[] { "darwin" })]
    [InlineData("ios-arm64", new[] { "ios", "darwin", "unix" }, new[] { "osx", "linux" })]
    [InlineData("win-x86", new[] { "x86", "386" }, new[] { "x64" })]
    [InlineData("freebsd-x64", new[] { "freebsd", "unix" }, new[] { "linux" })]
    public void RidTagsUseDotnetAndGoNames(string rid, string[] present, string[] absent)
    {
        var t = For(rid);
        t.AllTags.Should().Contain(present);
        t.AllTags.Should().NotContain(absent);
    }

    [Fact]
    public void TagsIncludeConfigurationFrameworkAndUserTags()
    {
        var t = For("linux-x64", "release", "fancy");
        t.Configuration.Should().Be("Release");
        t.AllTags.Should().Contain(["release", "net", "net10_0", "net10_0_or_greater", "net5_0_or_greater", "netcoreapp", "fancy"]);
        t.AllTags.Should().NotContain("debug");
    }

    [Fact]
    public void PreprocessorSymbolsAreTheSdksPlusUppercaseTags()
    {
        var t = For("linux-x64", "Debug", "fancy", "v1.2");
        t.PreprocessorSymbols.Should().Contain(["TRACE", "DEBUG", "NET", "NET10_0", "NETCOREAPP", "NET10_0_OR_GREATER",
            "NET5_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "LINUX", "UNIX", "X64", "AMD64", "FANCY"]);
        t.PreprocessorSymbols.Should().NotContain(["RELEASE", "V1.2", "386", "NET11_0_OR_GREATER"]);
        t.PreprocessorSymbols.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    [InlineData("linux-musl-x64")]
    [InlineData("osx-arm64")]
    [InlineData("win-x64")]
    [InlineData("freebsd-x64")]
    [InlineData("android-arm64")]
    [InlineData("ios-arm64")]
    public void AcceptsPortableRids(string rid) => RidCatalog.Resolve(rid).Value.Should().Be(rid);

    [Theory]
    [InlineData("linux")]
    [InlineData("foo-x64")]
    [InlineData("linux-x65")]
    [InlineData("ubuntu.22.04-x64")]
    public void RejectsUnknownRidsListingTheKnownOnes(string rid)
    {
        var act = () => RidCatalog.Resolve(rid);
        act.Should().Throw<CrossbuildException>().WithMessage($"unknown runtime identifier \"{rid}\"; known: *linux-x64*win-x64*");
    }

    [Fact]
    public void TargetsCompareByValue()
    {
        For("linux-x64", "Debug", "b", "a").Should().Be(For("linux-x64", "debug", "a", "b"));
        For("linux-x64").Should().NotBe(For("linux-arm64"));
    }

    [Fact]
    public void RejectsInvalidTagsAndConfigurations()
    {
        ((Action)(() => For("linux-x64", "Debug", "a-b"))).Should().Throw<CrossbuildException>().WithMessage("invalid tag \"a-b\"*");
        ((Action)(() => For("linux-x64", "Profile"))).Should().Throw<CrossbuildException>().WithMessage("unknown configuration \"Profile\"*");
    }
}
