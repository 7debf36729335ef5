using System.Text.Json.Nodes;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cli;

/// <summary>
/// The generated solution in a real language server: csharp-ls 0.28.0 (restored by the test project from the
/// configured sources), installed into a folder of this test and spoken to over stdio; skipped when it is not restored. It must find the solution by itself, go to a definition in another
/// package, and report errors as the compiler does.
/// </summary>
public class IdeLanguageServerTests
{
    private const string Version = "0.28.0";
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(3);

    [RestoredPackageFact("csharp-ls", Version)]
    public void CsharpLsGoesToADefinitionInAnotherPackageAndReportsErrors()
    {
        using var tools = new TempTree();
        // From the global packages folder alone (the test project restores the package): no network at test time.
        tools.File("nuget.config", $"""
            <configuration><packageSources><clear /><add key="global" value="{RestoredPackage.GlobalFolder}" /></packageSources></configuration>
            """);
        var install = ProcessRunner.Run("dotnet", tools.Root, "tool", "install", "csharp-ls", "--version", Version, "--tool-path", tools.Path("bin"),
            "--configfile", tools.Path("nuget.config"));
        install.ExitCode.Should().Be(0, install.StdOut + install.StdErr);
        using var tree = IdeTests.Module();
        var ide = CliRunner.Run(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") }, "ide");
        ide.ExitCode.Should().Be(0, ide.StdErr);

        using var server = new LspClient(tools.Path(OperatingSystem.IsWindows() ? "bin/csharp-ls.exe" : "bin/csharp-ls"), tree.Root);
        var rootUri = new Uri(tree.Root + Path.DirectorySeparatorChar).AbsoluteUri;
        string Uri(string relative) => new Uri(tree.Path(relative)).AbsoluteUri;
        server.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["capabilities"] = new JsonObject
            {
                ["textDocument"] = new JsonObject { ["definition"] = new JsonObject(), ["diagnostic"] = new JsonObject(), ["publishDiagnostics"] = new JsonObject() },
                ["workspace"] = new JsonObject { ["configuration"] = true },
            },
        }, Slow);
        server.Notify("initialized", new JsonObject());
        var main = File.ReadAllText(tree.Path("cmd/app/main.cs"));
        server.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri("cmd/app/main.cs"), ["languageId"] = "csharp", ["version"] = 1, ["text"] = main },
        });

        // Acme.Text.T.Hi() in cmd/app is declared in lib/text/t.cs, line 1.
        var definition = server.Request("textDocument/definition", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri("cmd/app/main.cs") },
            ["position"] = new JsonObject { ["line"] = 0, ["character"] = main.IndexOf("Hi()", StringComparison.Ordinal) + 1 },
        }, Slow);
        var location = definition is JsonArray { Count: > 0 } list ? list[0]! : definition!;
        ((string)location["uri"]!).Should().Be(Uri("lib/text/t.cs"), server.StdErr);
        ((int)location["range"]!["start"]!["line"]!).Should().Be(0);

        string[] Diagnostics(string relative) =>
            ((JsonArray)server.Request("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri(relative) } }, Slow)!["items"]!)
            .Select(d => $"{(int)d!["range"]!["start"]!["line"]! + 1}: {(string?)d["code"]}").ToArray();
        Diagnostics("cmd/app/main.cs").Should().BeEmpty("a clean file has no diagnostics");

        server.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri("cmd/app/main.cs"), ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = main.Replace("T.Hi()", "T.Nope()", StringComparison.Ordinal) }),
        });
        Diagnostics("cmd/app/main.cs").Should().Equal("1: CS0117");

        // A file added to a package, without a rerun of crossbuild ide. csharp-ls adds a new file only to a project
        // whose folder holds it, so the next build touches the package's project (its glob matches the new file),
        // and the editor's file watcher tells the server, which loads the solution again.
        tree.File("lib/text/u.cs", "namespace Acme.Text;\npublic static class U { public static string Hey() => \"hey\"; }\n");
        var call = "System.Console.WriteLine(Acme.Text.U.Hey());\n";
        tree.File("cmd/app/main.cs", call);
        var build = CliRunner.Run(tree.Root, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = tree.Path(".cache") }, "build", "./...");
        build.ExitCode.Should().Be(0, build.StdErr);
        server.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri("cmd/app/main.cs"), ["version"] = 3 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = call }),
        });
        server.Notify("workspace/didChangeWatchedFiles", new JsonObject
        {
            ["changes"] = new JsonArray(
                new JsonObject { ["uri"] = Uri("lib/text/u.cs"), ["type"] = 1 },
                new JsonObject { ["uri"] = Uri(".crossbuild/ide/Acme.lib.text/Acme.lib.text.csproj"), ["type"] = 2 }),
        });
        JsonNode? Definition() => server.Request("textDocument/definition", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri("cmd/app/main.cs") },
            ["position"] = new JsonObject { ["line"] = 0, ["character"] = call.IndexOf("Hey()", StringComparison.Ordinal) + 1 },
        }, Slow);
        string? Landed() => Definition() switch { JsonArray { Count: > 0 } a => (string?)a[0]!["uri"], JsonObject o => (string?)o["uri"], _ => null };
        var deadline = DateTime.UtcNow + Slow;
        string? landed;
        while ((landed = Landed()) != Uri("lib/text/u.cs") && DateTime.UtcNow < deadline) server.Pump(TimeSpan.FromSeconds(1));
        landed.Should().Be(Uri("lib/text/u.cs"), server.StdErr);
        Diagnostics("cmd/app/main.cs").Should().BeEmpty("the new file's class resolves");
    }
}
