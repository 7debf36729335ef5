using System.Text.Json.Nodes;
using Crossbuild.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.MSBuild;

namespace Crossbuild.Tests.Cli;

/// <summary>
/// The generated solution through Roslyn's MSBuildWorkspace, the loader OmniSharp-style tools use: it opens with
/// no load failures, and each project's documents and preprocessor symbols are what <c>crossbuild list --json</c>
/// says the package compiles and sees.
/// </summary>
public class IdeWorkspaceTests
{
    [Fact]
    public async Task MsBuildWorkspaceOpensTheSolutionWithThePackagesFilesAndSymbols()
    {
        using var tree = IdeTests.Module();
        tree.File("lib/text/crossbuild.json", "{ \"defines\": [\"ACME_TEXT\"] }");
        var env = new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") };
        CliRunner.Run(tree.Root, env, "ide", "-r", "linux-x64").ExitCode.Should().Be(0);
        var list = CliRunner.Run(tree.Root, env, "list", "--json", "-r", "linux-x64", "./...");
        list.ExitCode.Should().Be(0, list.StdErr);
        var packages = JsonNode.Parse(list.StdOut)!.AsArray().Select(p => p!.AsObject()).ToDictionary(p => (string)p["Name"]!);
        // The SDK's MSBuild in this process first, as the import tests do, before any MSBuild type loads.
        Crossbuild.Import.MsBuildLocation.Register(tree.Root);
        await Check(tree, packages);
    }

    [Test.TestFrameworksFact]
    public async Task TestAssembliesOpenWithTheirSourcesTestFilesAndImports()
    {
        using var tree = Test.TestModule.Create();
        Test.TestModule.Cli(tree, "ide").ExitCode.Should().Be(0);
        var list = Test.TestModule.Cli(tree, "list", "--json", "./...");
        list.ExitCode.Should().Be(0, list.StdErr);
        var packages = JsonNode.Parse(list.StdOut)!.AsArray().Select(p => p!.AsObject()).ToDictionary(p => (string)p["Name"]!);
        // The test frameworks' references come from restore, which MSBuildWorkspace does not run.
        var restore = ProcessRunner.Run("dotnet", tree.Root, "restore", "Acme.slnx", "-nologo");
        restore.ExitCode.Should().Be(0, restore.StdOut + restore.StdErr);
        Crossbuild.Import.MsBuildLocation.Register(tree.Root);
        await CheckTests(tree, packages);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task CheckTests(TempTree tree, Dictionary<string, JsonObject> packages)
    {
        using var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e => failures.Add($"{e.Diagnostic.Kind}: {e.Diagnostic.Message}"));
        var solution = await workspace.OpenSolutionAsync(tree.Path("Acme.slnx"));
        failures.Where(f => f.StartsWith("Failure", StringComparison.Ordinal)).Should().BeEmpty();
        var tested = packages.Values.Where(p => p["TestFiles"] is JsonArray { Count: > 0 }).ToArray();
        tested.Select(p => (string)p["Dir"]!).Should().BeEquivalentTo(["lib/ms", "lib/nu", "lib/text", "tests/it"]);
        foreach (var package in tested)
        {
            var name = (string)package["Name"]! + ".Tests";
            var project = solution.Projects.Single(p => p.AssemblyName == name);
            var dir = tree.Path((string)package["Dir"]!);
            // The module's files (the frameworks' build files add their own, as Crossbuild's test harness does).
            var sources = project.Documents.Select(d => d.FilePath!)
                .Where(f => f.StartsWith(tree.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.StartsWith(tree.Path(".crossbuild"), StringComparison.Ordinal));
            sources.Should().BeEquivalentTo(package["Files"]!.AsArray().Concat(package["TestFiles"]!.AsArray()).Select(f => Path.Combine(dir, (string)f!)), name);
            project.ProjectReferences.Select(r => solution.GetProject(r.ProjectId)!.AssemblyName)
                .Should().BeEquivalentTo(package["TestImports"]!.AsArray().Select(i => packages.Values.Single(p => (string)p["Dir"]! == (string)i!)["Name"]!.GetValue<string>()), name);
            // The test framework resolves: the test files bind without errors.
            var compilation = (await project.GetCompilationAsync())!;
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).Should().BeEmpty(name);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task Check(TempTree tree, Dictionary<string, JsonObject> packages)
    {
        using var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e => failures.Add($"{e.Diagnostic.Kind}: {e.Diagnostic.Message}"));
        var solution = await workspace.OpenSolutionAsync(tree.Path("Acme.slnx"));
        failures.Where(f => f.StartsWith("Failure", StringComparison.Ordinal)).Should().BeEmpty();
        solution.Projects.Should().OnlyContain(p => p.ParseOptions != null, string.Join("\n", failures));
        solution.Projects.Select(p => p.AssemblyName).Should().BeEquivalentTo(packages.Keys);

        foreach (var project in solution.Projects)
        {
            var package = packages[project.AssemblyName];
            var dir = tree.Path((string)package["Dir"]!);
            // The SDK's own generated files (global usings, assembly info) live in obj/, under .crossbuild/ide.
            var sources = project.Documents.Select(d => d.FilePath!).Where(f => !f.StartsWith(tree.Path(".crossbuild"), StringComparison.Ordinal));
            sources.Should().BeEquivalentTo(package["Files"]!.AsArray().Select(f => Path.Combine(dir, (string)f!)), project.Name);
            ((CSharpParseOptions)project.ParseOptions!).PreprocessorSymbolNames.Should()
                .BeEquivalentTo(package["Symbols"]!.AsArray().Select(s => (string)s!), project.Name);
            project.ProjectReferences.Select(r => solution.GetProject(r.ProjectId)!.AssemblyName)
                .Should().BeEquivalentTo(package["Imports"]!.AsArray().Select(i => packages.Values.Single(p => (string)p["Dir"]! == (string)i!)["Name"]!.GetValue<string>()));
        }
        solution.Projects.Single(p => p.AssemblyName == "Acme.lib.text").ParseOptions!.PreprocessorSymbolNames.Should().Contain(["ACME_TEXT", "LINUX"]);
    }
}
