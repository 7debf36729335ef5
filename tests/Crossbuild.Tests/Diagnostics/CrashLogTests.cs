using Crossbuild.Diagnostics;

namespace Crossbuild.Tests.Diagnostics;

/// <summary>A crash log may be attached to a bug report: it never holds a URL's credentials.</summary>
public class CrashLogTests
{
    [Theory]
    [InlineData("crossbuild build --remote-cache https://ci:s3cret@cache.example.com/team ./...", "crossbuild build --remote-cache https://…@cache.example.com/team ./...")]
    [InlineData("GET http://token@10.0.0.1:9090/ac/ab failed", "GET http://…@10.0.0.1:9090/ac/ab failed")]
    [InlineData("no credentials: https://cache.example.com/a@b", "no credentials: https://cache.example.com/a@b")]
    [InlineData("mail me@example.com", "mail me@example.com")]
    public void CredentialsInUrlsAreRedacted(string text, string expected) =>
        InternalError.RedactCredentials(text).Should().Be(expected);

    [Fact]
    public void TheLogItselfIsRedacted()
    {
        using var tree = new Support.TempTree();
        var e = InternalError.Report(new InvalidOperationException("upload to https://ci:s3cret@cache.example.com/team failed"), tree.Path("cache"));
        var log = Directory.GetFiles(tree.Path("cache/crash")).Single();
        File.ReadAllText(log).Should().Contain("https://…@cache.example.com/team").And.NotContain("s3cret");
        e.Message.Should().Contain(log);
    }
}
