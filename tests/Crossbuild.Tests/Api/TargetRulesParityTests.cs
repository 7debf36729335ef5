using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Api;

/// <summary>
/// One target resolver: the same invalid target settings give the same error from <c>crossbuild list</c>,
/// <see cref="CrossbuildTasks.List"/> and <see cref="Builder.Build(CrossbuildSettings, Work.IBuildReporter?)"/>.
/// </summary>
public class TargetRulesParityTests
{
    public static TheoryData<string[], string> Invalid => new()
    {
        { ["-r", "linux-x64,win-x64"], "list takes one runtime identifier, got 2: linux-x64, win-x64" },
        { ["--matrix", "-r", "linux-x64"], "--matrix builds the runtimes crossbuild.json lists; drop -r" },
        { ["--matrix"], "list takes one target; the matrix has 2 cells (net10.0/linux-x64/Release, net10.0/linux-arm64/Release)" },
        { ["-r", ""], "-r: empty runtime identifier" },
        { ["-r", "mars-x64"], "unknown runtime identifier \"mars-x64\"; known: *" },
        { ["-c", "Fast"], "unknown configuration \"Fast\"; expected Debug or Release" },
    };

    private static CrossbuildSettings FromFlags(string root, string[] flags)
    {
        var s = new CrossbuildSettings().SetWorkingDirectory(root).SetCacheDirectory(Path.Combine(root, "cache"));
        for (var i = 0; i < flags.Length; i++)
            s = flags[i] switch
            {
                "-r" => s.SetRuntimes(flags[++i].Split(',')),
                "-c" => flags[++i] is var c && c == "Fast" ? s : s.SetConfiguration(c),
                "--matrix" => s.SetMatrix(),
                _ => throw new ArgumentException(flags[i]),
            };
        return s;
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TheCliTheTasksAndTheBuilderSayTheSame(string[] flags, string message)
    {
        using var tree = new TempTree().Module("Acme", """
            , "matrix": { "runtimes": ["linux-x64", "linux-arm64"] }
            """);
        tree.File("main.cs", "System.Console.WriteLine(1);");

        var cli = CliRunner.Run(tree.Root, ["list", .. flags]);
        cli.ExitCode.Should().Be(1);
        cli.StdErr.Trim().Should().Match("crossbuild: " + message);

        if (flags.Contains("-c"))
        {
            // The settings API checks a configuration when it is set.
            var set = () => new CrossbuildSettings().SetConfiguration("Fast");
            set.Should().Throw<CrossbuildException>().WithMessage(message);
            return;
        }
        var settings = FromFlags(tree.Root, flags);
        var list = () => CrossbuildTasks.List(_ => settings);
        list.Should().Throw<CrossbuildException>().WithMessage(message);
        var build = () => Builder.Build(settings, null, TargetNeeds.One, "list");
        build.Should().Throw<CrossbuildException>().WithMessage(message);
        if (!message.StartsWith("list takes", StringComparison.Ordinal))
        {
            var anyBuild = () => Builder.Build(settings);
            anyBuild.Should().Throw<CrossbuildException>().WithMessage(message);
        }
    }

    [Fact]
    public void PlanAndCacheKeyCheckTheTargetFlagsToo()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("main.cs", "System.Console.WriteLine(1);");
        CliRunner.Run(tree.Root, "plan", "-c", "Fast").StdErr.Trim().Should().Be("crossbuild: unknown configuration \"Fast\"; expected Debug or Release");
        CliRunner.Run(tree.Root, "cache", "key", "-f", "netcoreapp1.0").ExitCode.Should().Be(1);
        string Key(params string[] flags) => CliRunner.Run(tree.Root, ["cache", "key", .. flags]).StdOut.Trim();
        Key().Should().NotBe(Key("-c", "Release"), "the configuration decides what the cache holds");
        Key().Should().NotBe(Key("--tags", "fancy"));
        Key().Should().Be(Key(), "the key is stable");
    }
}
