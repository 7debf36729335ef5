namespace Crossbuild.Tests.Api;

/// <summary>Settings print as build logs may show them: every value, lists with their items, never a credential.</summary>
public class SettingsTextTests
{
    [Fact]
    public void SettingsPrintTheirValuesAndListsButNotTheRemoteCachesCredentials()
    {
        var settings = new CrossbuildSettings().SetRuntimes("linux-x64", "win-x64").SetConfiguration("Release").SetSelfContained()
            .SetRemoteCache("https://ci:s3cret@cache.example.com/team");
        var text = settings.ToString();
        text.Should().StartWith("CrossbuildSettings { ");
        text.Should().Contain("Runtimes = [linux-x64, win-x64]").And.Contain("Configuration = Release").And.Contain("SelfContained = True");
        text.Should().Contain("RemoteCache = https://…@cache.example.com/team");
        text.Should().NotContain("s3cret").And.NotContain("ci:");
        settings.RemoteCache.Should().Be("https://ci:s3cret@cache.example.com/team", "only the text is redacted");
    }
}
