using System.Text.Json;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cli;

/// <summary>Runs the real crossbuild command and checks what users see.</summary>
public class ListCliTests
{
    private static readonly string SampleDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/hello"));

    private static JsonElement[] ListJson(string dir, params string[] args)
    {
        var r = CliRunner.Run(dir, ["list", "--json", .. args]);
        r.StdErr.Should().BeEmpty();
        r.ExitCode.Should().Be(0);
        return JsonDocument.Parse(r.StdOut).RootElement.EnumerateArray().ToArray();
    }

    private static string[] Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Fact]
    public void ListsTheSampleWithConstraintsApplied()
    {
        var packages = ListJson(SampleDir, "-r", "linux-x64", "./...");
        packages.Select(p => p.GetProperty("Dir").GetString()).Should().Equal("cmd/hello", "lib/greet");
        var hello = packages[0];
        hello.GetProperty("Name").GetString().Should().Be("hello");
        hello.GetProperty("Kind").GetString().Should().Be("exe");
        Strings(hello, "Files").Should().Equal("main.cs", "platform_linux.cs");
        Strings(hello, "IgnoredFiles").Should().Equal("platform_other.cs", "platform_windows.cs");
        Strings(hello, "Imports").Should().Equal("lib/greet");
        hello.TryGetProperty("Error", out _).Should().BeFalse();
        packages.Select(p => string.Join(",", p.EnumerateObject().Select(o => o.Name)))
            .Should().AllBe("Dir,Name,Kind,Files,IgnoredFiles,Imports,Symbols");
        Strings(hello, "Symbols").Should().Contain(["DEBUG", "NET10_0", "TRACE"]).And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void TagsAndRuntimesChangeTheSelection()
    {
        var packages = ListJson(SampleDir, "-r", "win-x64", "--tags", "fancy", "./...");
        Strings(packages[0], "Files").Should().Equal("main.cs", "platform_windows.cs");
        Strings(packages[1], "Files").Should().Equal("greeter.cs", "salutation_fancy.cs");
        Strings(packages[0], "Symbols").Should().Contain(["WINDOWS", "FANCY"]).And.NotContain("LINUX");
        var osx = ListJson(SampleDir, "-r", "osx-arm64", "./cmd/hello");
        Strings(osx.Single(), "Files").Should().Equal("main.cs", "platform_other.cs");
    }

    [Fact]
    public void PlainListPrintsDirsAndMinusCChangesDirectory()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "-C", SampleDir, "list", "./...");
        r.ExitCode.Should().Be(0, r.StdErr);
        r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("cmd/hello", "lib/greet");
    }

    [Fact]
    public void PackageErrorsAreListedAndExitNonZero()
    {
        using var t = new TempTree();
        t.Module()
            .File("lib/a/a.cs", "using Acme.B; namespace Acme.A; class A {}")
            .File("lib/b/b.cs", "using Acme.A; namespace Acme.B; class B {}")
            .File("lib/ok/ok.cs", "namespace Acme.Ok; class Ok {}");
        var r = CliRunner.Run(t.Root, "list", "--json", "./...");
        r.ExitCode.Should().NotBe(0);
        var packages = JsonDocument.Parse(r.StdOut).RootElement.EnumerateArray().ToArray();
        packages.Should().HaveCount(3);
        packages[0].GetProperty("Error").GetString().Should().Be("import cycle not allowed: lib/a → lib/b → lib/a");
        packages[2].TryGetProperty("Error", out _).Should().BeFalse();

        var plain = CliRunner.Run(t.Root, "list", "./...");
        plain.ExitCode.Should().NotBe(0);
        plain.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("lib/a", "lib/b", "lib/ok");
        plain.StdErr.Should().Contain("import cycle not allowed: lib/a → lib/b → lib/a");
    }

    [Theory]
    [InlineData("{\"module\": \"A\", \"colour\": 1}", new string[0], "crossbuild.json:1:17: unknown field \"colour\" in module manifest")]
    [InlineData("{\"module\": \"A\"", new string[0], "crossbuild.json:1:15: malformed JSON")]
    [InlineData("{\"module\": \"A\"}", new[] { "-r", "linux-x65" }, "crossbuild: unknown runtime identifier \"linux-x65\"")]
    [InlineData("{\"module\": \"A\"}", new[] { "../..." }, "crossbuild: pattern ../...: directory")]
    public void BadInputGetsOneLineErrorAndNonZeroExit(string manifest, string[] args, string expectedStart)
    {
        using var t = new TempTree();
        t.File("crossbuild.json", manifest).File("a/a.cs", "class A {}");
        var r = CliRunner.Run(t.Root, ["list", .. args]);
        r.ExitCode.Should().Be(1);
        r.StdOut.Should().BeEmpty();
        r.StdErr.Should().StartWith(expectedStart);
        r.StdErr.TrimEnd().Should().NotContain("\n").And.NotContain("   at ");
    }

    [Fact]
    public void NoModuleIsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("crossbuild-nomod").FullName;
        try
        {
            var r = CliRunner.Run(dir, "list");
            r.ExitCode.Should().Be(1);
            r.StdErr.Should().StartWith("crossbuild: no crossbuild.json found in");
        }
        finally { Directory.Delete(dir); }
    }

    [Fact]
    public void EnvAndVersionReportTheEnvironment()
    {
        using var t = new TempTree();
        var env = CliRunner.Run(SampleDir, "--cache-dir", t.Root, "env", "--json");
        env.ExitCode.Should().Be(0, env.StdErr);
        var vars = JsonDocument.Parse(env.StdOut).RootElement;
        vars.GetProperty("CROSSBUILD_CACHE").GetString().Should().Be(t.Root);
        vars.GetProperty("CROSSBUILD_MODULE").GetString().Should().Be(SampleDir);
        vars.GetProperty("CROSSBUILD_HOSTRID").GetString().Should().Be(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
        Directory.Exists(vars.GetProperty("DOTNET_REFPACKS").GetString()).Should().BeTrue();

        var one = CliRunner.Run(SampleDir, "env", "CROSSBUILD_MODULE");
        one.StdOut.Trim().Should().Be(SampleDir);

        var version = CliRunner.Run(SampleDir, "version");
        version.StdOut.Should().StartWith("crossbuild version ");
    }
}
