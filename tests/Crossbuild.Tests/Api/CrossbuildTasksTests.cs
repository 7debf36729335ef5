using Crossbuild.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Crossbuild.Tests.Api;

/// <summary>The typed entry points build scripts call: settings in, typed results and log lines out.</summary>
[Collection(nameof(CrossbuildTasksTests))] // CrossbuildTasks.Logger is process-wide
public class CrossbuildTasksTests
{
    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
        }
    }

    private static TempTree Module()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => \"hi\"; }");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi); int unused;");
        return tree;
    }

    [Fact]
    public void ABuildReturnsEveryTargetsPackagesWithCacheHitsAndTheAppsFiles()
    {
        using var tree = Module();
        var logger = new ListLogger();
        CrossbuildTasks.Logger = logger;
        CrossbuildSettings Configure(CrossbuildSettings s) => s
            .SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path("cache"))
            .SetOutputDirectory(tree.Path("out")).AddRuntimes("linux-x64").AddValues("cmd/app:channel=beta");

        var first = CrossbuildTasks.Build(Configure);
        var target = first.Targets.Should().ContainSingle().Subject;
        target.Target.Runtime.Value.Should().Be("linux-x64");
        target.Packages.Select(p => (p.Dir, p.CacheHit)).Should().Equal(("lib/text", false), ("cmd/app", false));
        target.Packages[1].Diagnostics.Should().ContainSingle(d => d.Code == "CS0168");
        var app = target.Apps.Should().ContainSingle().Subject;
        app.AppHostPath.Should().Be(tree.Path("out/linux-x64/app"));
        app.Files.Should().Contain(tree.Path("out/linux-x64/app.deps.json")).And.Contain(app.AppHostPath);
        logger.Lines.Should().Contain((LogLevel.Information, "compile lib/text"));
        logger.Lines.Should().Contain(l => l.Level == LogLevel.Warning && l.Message.Contains("warning CS0168"));

        var second = CrossbuildTasks.Build(Configure);
        second.Targets[0].Packages.Should().OnlyContain(p => p.CacheHit);
    }

    [Fact]
    public void CombineWithBuildsOneResultPerCell()
    {
        using var tree = Module();
        var results = CrossbuildTasks.Build(s => s
            .SetWorkingDirectory(tree.Root).SetPackages("./cmd/app").SetCacheDirectory(tree.Path("cache"))
            .CombineWith(["Debug", "Release"], (s, c) => s.SetConfiguration(c).SetOutputDirectory(tree.Path("out/" + c))));
        results.Select(r => r.Targets[0].Target.Configuration).Should().Equal("Debug", "Release");
        File.Exists(tree.Path("out/Release/app")).Should().BeTrue();
        File.Exists(tree.Path("out/Debug/app")).Should().BeTrue();
    }

    [Fact]
    public void AFailedBuildThrowsWithItsResultAfterLoggingTheErrors()
    {
        using var tree = Module();
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => nope; }");
        var logger = new ListLogger();
        CrossbuildTasks.Logger = logger;
        var act = () => CrossbuildTasks.Build(s => s.SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path("cache")));
        var failure = act.Should().Throw<CrossbuildBuildException>().Which;
        failure.Message.Should().Be("crossbuild: build failed with 1 error(s)");
        failure.Result.Targets[0].Packages.Should().Contain(p => p.Dir == "lib/text" && !p.Succeeded && p.Diagnostics.Any(d => d.Code == "CS0103"));
        logger.Lines.Should().Contain(l => l.Level == LogLevel.Error && l.Message.StartsWith("lib/text/text.cs(1,73): error CS0103"));
    }

    [Fact]
    public void ListAndCleanWork()
    {
        using var tree = Module();
        var packages = CrossbuildTasks.List(s => s.SetWorkingDirectory(tree.Root).SetPackages("./..."));
        packages.Select(p => (p.Dir, p.Name, p.Kind)).Should().Equal(("cmd/app", "app", Crossbuild.Load.PackageKind.Exe), ("lib/text", "Acme.lib.text", Crossbuild.Load.PackageKind.Lib));
        packages[0].Imports.Should().Equal("lib/text");
        CrossbuildTasks.Build(s => s.SetWorkingDirectory(tree.Root).SetPackages("./...").SetCacheDirectory(tree.Path("cache")));
        Directory.GetDirectories(tree.Path("cache")).Should().NotBeEmpty();
        CrossbuildTasks.Clean(s => s.SetCacheDirectory(tree.Path("cache")));
        Directory.GetDirectories(tree.Path("cache")).Should().BeEmpty();
    }
}
