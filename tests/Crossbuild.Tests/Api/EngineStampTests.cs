using System.Reflection;
using Crossbuild.Plan;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Api;

/// <summary>
/// The engine's one up-to-date key for build-script targets (<see cref="CrossbuildTasks.Stamp"/>), which the Nuke
/// and Cake hosts call: every setting that can change outputs reruns the target; nothing changed skips it.
/// </summary>
public class EngineStampTests
{
    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme", """
            , "matrix": { "runtimes": ["linux-x64"], "configurations": ["Release"] }
            """);
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        tree.File("out/app", "built");
        return tree;
    }

    // Each setting that can change what a build writes, with a change to it.
    private static readonly (string Property, Func<CrossbuildSettings, CrossbuildSettings> Change)[] Changes =
    [
        (nameof(CrossbuildSettings.WorkingDirectory), s => s.SetWorkingDirectory(Path.Combine(s.WorkingDirectory, "cmd", "app")).SetPackages(".")),
        (nameof(CrossbuildSettings.Patterns), s => s.SetPackages("./cmd/app")),
        (nameof(CrossbuildSettings.Runtimes), s => s.SetRuntimes("linux-arm64")),
        (nameof(CrossbuildSettings.Configuration), s => s.SetConfiguration("Release")),
        (nameof(CrossbuildSettings.Tags), s => s.AddTags("fancy")),
        (nameof(CrossbuildSettings.Framework), s => s.SetFramework("net8.0")),
        (nameof(CrossbuildSettings.Output), s => s.SetOutputDirectory(Path.Combine(s.WorkingDirectory, "out", "other"))),
        (nameof(CrossbuildSettings.TrimPath), s => s.SetTrimPath()),
        (nameof(CrossbuildSettings.BuildVcs), s => s.SetBuildVcs(BuildVcs.False)),
        (nameof(CrossbuildSettings.Values), s => s.AddValues("channel=beta")),
        (nameof(CrossbuildSettings.Force), s => s.SetForce()),
        (nameof(CrossbuildSettings.SelfContained), s => s.SetSelfContained()),
        (nameof(CrossbuildSettings.SingleFile), s => s.SetSingleFile()),
        (nameof(CrossbuildSettings.ReadyToRun), s => s.SetReadyToRun()),
        (nameof(CrossbuildSettings.Trim), s => s.SetSelfContained().SetTrim()),
        (nameof(CrossbuildSettings.Aot), s => s.SetAot()),
        (nameof(CrossbuildSettings.OutputMode), s => s.SetSelfContained().SetReadyToRun()),
        (nameof(CrossbuildSettings.EmitGenerated), s => s.SetEmitGenerated()),
        (nameof(CrossbuildSettings.Locked), s => s.SetLocked()),
        (nameof(CrossbuildSettings.UseMatrix), s => s.SetMatrix()),
        (nameof(CrossbuildSettings.KeepLibraries), s => s.SetKeepLibraries()),
        (nameof(CrossbuildSettings.Version), s => s.SetVersion("2.0.0")),
    ];

    // They change how a build runs, not what it writes (a remote hit is byte for byte the local compile).
    private static readonly string[] NotInTheKey =
    [
        nameof(CrossbuildSettings.Jobs), nameof(CrossbuildSettings.CacheDirectory),
        nameof(CrossbuildSettings.RemoteCache), nameof(CrossbuildSettings.RemoteCacheUpload),
    ];

    private static CrossbuildSettings Settings(TempTree tree) => new CrossbuildSettings()
        .SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path("cache")).SetOutputDirectory(tree.Path("out"));

    [Fact]
    public void EverySettingIsEitherInTheKeyOrDeclaredNotToChangeOutputs()
    {
        var properties = typeof(CrossbuildSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
        properties.Should().BeEquivalentTo(Changes.Select(c => c.Property).Concat(NotInTheKey),
            "a new setting must say whether it changes outputs (and get a case here)");
    }

    [Fact]
    public void ChangingNothingSkipsAndChangingAnySettingOrSourceReruns()
    {
        using var tree = Module();
        var settings = Settings(tree);
        var stamps = new TargetStamps(tree.Path("cache"));
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings, "Compile")).Should().BeFalse("it never ran");
        stamps.Succeeded(CrossbuildTasks.Stamp(settings, "Compile"));
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings, "Compile")).Should().BeTrue("nothing changed");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings.SetJobs(1).SetCacheDirectory(tree.Path("cache")), "Compile"))
            .Should().BeTrue("-p does not change outputs");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings.SetRemoteCache("http://127.0.0.1:9/team").SetRemoteCacheUpload(false), "Compile"))
            .Should().BeTrue("a remote cache does not change outputs");

        foreach (var (property, change) in Changes)
        {
            var changed = change(settings);
            Directory.CreateDirectory(Path.Combine(changed.WorkingDirectory, changed.Output ?? "."));
            stamps.IsUpToDate(CrossbuildTasks.Stamp(changed, "Compile")).Should().BeFalse($"{property} changed");
        }

        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hello\"; }");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings, "Compile")).Should().BeFalse("a source changed");
        tree.File("lib/text/text_windows.cs", "namespace Acme.Text; static class W { }");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings, "Compile")).Should().BeFalse("a file another target selects is an input too");
    }

    [Fact]
    public void AStampedExecutablesCommitIsPartOfTheKey()
    {
        using var tree = Module();
        if (ProcessRunner.Run("git", tree.Root, "init", "-q").ExitCode != 0) return;
        void Git(params string[] args) => ProcessRunner.Run("git", tree.Root, ["-c", "user.email=t@example.com", "-c", "user.name=t", .. args]).ExitCode.Should().Be(0);
        Git("add", "-A");
        Git("commit", "-qm", "one");
        var settings = Settings(tree);
        var stamps = new TargetStamps(tree.Path("cache"));
        stamps.Succeeded(CrossbuildTasks.Stamp(settings, "Compile"));
        Git("commit", "-q", "--allow-empty", "-m", "two");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings, "Compile")).Should().BeFalse("executables are stamped with the commit");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings.SetBuildVcs(BuildVcs.False), "Compile")).Should().BeFalse();
        stamps.Succeeded(CrossbuildTasks.Stamp(settings.SetBuildVcs(BuildVcs.False), "Compile"));
        Git("commit", "-q", "--allow-empty", "-m", "three");
        stamps.IsUpToDate(CrossbuildTasks.Stamp(settings.SetBuildVcs(BuildVcs.False), "Compile")).Should().BeTrue("without stamping the commit does not matter");
    }
}
