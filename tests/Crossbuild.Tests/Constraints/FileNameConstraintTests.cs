using Crossbuild.Constraints;

namespace Crossbuild.Tests.Constraints;

public class FileNameConstraintTests
{
    [Theory]
    [InlineData("hello.cs", new string[0])]
    [InlineData("hello_linux.cs", new[] { "linux" })]
    [InlineData("hello_windows.cs", new[] { "windows" })]
    [InlineData("hello_win.cs", new[] { "win" })]
    [InlineData("hello_osx_arm64.cs", new[] { "osx", "arm64" })]
    [InlineData("hello_windows_arm64.cs", new[] { "windows", "arm64" })]
    [InlineData("hello_x64.cs", new[] { "x64" })]
    [InlineData("hello_amd64.cs", new[] { "amd64" })]
    [InlineData("hello_musl.cs", new[] { "musl" })]
    [InlineData("linux.cs", new string[0])]               // everything before the first '_' is ignored
    [InlineData("hello_unix.cs", new string[0])]          // unix is not a file-name suffix, as in Go
    [InlineData("hello_linux_test.cs", new[] { "linux" })] // a trailing _test is skipped, as in Go
    [InlineData("hello_linux.g.cs", new[] { "linux" })]    // the extension is cut at the first '.'
    [InlineData("my_cool_linux_thing.cs", new string[0])]
    [InlineData("hello_arm64_linux.cs", new[] { "linux" })] // OS_ARCH order only; the last part alone counts
    public void RequiredTagsFollowGoRules(string file, string[] expected) =>
        FileNameConstraint.RequiredTags(file).Should().Equal(expected);

    [Fact]
    public void MatchesOnlyWhenAllRequiredTagsHold()
    {
        var linuxX64 = new HashSet<string> { "linux", "unix", "x64", "amd64" };
        FileNameConstraint.Matches("a_linux_amd64.cs", linuxX64.Contains).Should().BeTrue();
        FileNameConstraint.Matches("a_linux_arm64.cs", linuxX64.Contains).Should().BeFalse();
        FileNameConstraint.Matches("a_windows.cs", linuxX64.Contains).Should().BeFalse();
    }
}
