namespace Crossbuild.Tests.Support;

/// <summary>
/// A module that asks for NuGet packages, with a <see cref="LocalFeed"/> of test-built packages and a private
/// global packages folder; <see cref="Cli"/> runs the real CLI against it.
/// </summary>
public sealed class PackageModule : IDisposable
{
    /// <summary>A module named App whose crossbuild.json has <paramref name="packages"/> (JSON members) and an app printing <paramref name="main"/>.</summary>
    public PackageModule(string packages, string main = "System.Console.WriteLine(\"hi\");")
    {
        Tree = new TempTree().Module("App", $", \"packages\": {{ {packages} }}");
        Tree.File("app/main.cs", main);
        Env = LocalFeed.AddTo(Tree);
    }

    /// <summary>The module's tree.</summary>
    public TempTree Tree { get; }

    /// <summary>The CLI's environment: private global packages folder and build cache.</summary>
    public Dictionary<string, string> Env { get; }

    /// <summary>The lock file's text, or null when there is none.</summary>
    public string? Lock => File.Exists(Tree.Path("crossbuild.lock.json")) ? File.ReadAllText(Tree.Path("crossbuild.lock.json")) : null;

    /// <summary>Saves packages into the feed.</summary>
    public PackageModule With(params TestPackage[] packages)
    {
        foreach (var p in packages) p.SaveTo(Tree);
        return this;
    }

    /// <summary>Runs <c>crossbuild args</c> in the module root.</summary>
    public ProcessRunner.Result Cli(params string[] args) => CliRunner.Run(Tree.Root, Env, args);

    /// <summary>Builds the app into out/ and runs it; returns its output.</summary>
    public string BuildAndRun(params string[] extra)
    {
        var build = Cli(["build", "-o", "out/", "./app", .. extra]);
        build.ExitCode.Should().Be(0, build.StdErr);
        var run = ProcessRunner.Run(Tree.Path("out/app"), Tree.Root);
        run.ExitCode.Should().Be(0, run.StdErr);
        return run.StdOut.Trim();
    }

    /// <summary>
    /// Builds the same app with <c>dotnet build</c>: a net10.0 console csproj under <c>_sdk/</c> (which the module skips)
    /// with <paramref name="packageReferences"/> as its PackageReferences and <paramref name="main"/>, from the same
    /// feed and global folder, into <c>sdkout/</c>; returns that folder.
    /// </summary>
    public string DotnetBuild(string main, params (string Id, string Version)[] packageReferences)
    {
        var references = string.Concat(packageReferences.Select(p => $"<PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />"));
        Tree.File("_sdk/app.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>" +
            "<Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup><ItemGroup>" + references + "</ItemGroup></Project>");
        Tree.File("_sdk/main.cs", main);
        var theirs = ProcessRunner.Run("dotnet", Tree.Path("_sdk"), Env, "build", "-nologo", "-p:UseSharedCompilation=false", "-o", Tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        return Tree.Path("sdkout");
    }

    /// <inheritdoc/>
    public void Dispose() => Tree.Dispose();
}
