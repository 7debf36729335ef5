using System.CommandLine;
using System.Text.Json;
using Crossbuild.Load;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild list [patterns]</c>: one line per package (its Dir), or <c>--json</c>.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("list", "List packages: their directories, or JSON with files, imports and errors");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: .)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array with one object per package" };
        var graph = new Option<string?>("--graph") { Description = "Print the packages' import graph: mermaid or dot", HelpName = "format" };
        graph.AcceptOnlyFromAmong("mermaid", "dot");
        var targets = new TargetOptions();
        command.Arguments.Add(patterns);
        command.Options.Add(json);
        command.Options.Add(graph);
        targets.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var settings = targets.Apply(result, new CrossbuildSettings().SetWorkingDirectory(cwd)
                .SetPackages(result.GetValue(patterns) ?? []).SetCacheDirectory(result.GetValue(CommonOptions.CacheDir)));
            var target = Builder.Load(settings, TargetNeeds.One, "list", tests: true).Targets[0];
            var matched = target.Matched;
            if (result.GetValue(graph) is { } format)
                // The matched packages, each with an edge to every package it imports.
                ctx.Out.Write(GraphText.Render(GraphText.Parse(format), matched.Select(p => p.Dir),
                    matched.SelectMany(p => p.Imports.Select(i => (p.Dir, i)))));
            else if (result.GetValue(json))
                WriteJson(ctx.Out, matched, target.Load);
            else
            {
                foreach (var p in matched)
                    ctx.Out.WriteLine(p.Dir);
                foreach (var p in matched.Where(p => p.Error is not null))
                    ctx.Err.WriteLine(CliApp.FormatError(p.Error!));
            }
            return matched.Any(p => p.Error is not null) ? 1 : 0;
        }));
        return command;
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<Package> packages, LoadResult load)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var p in packages)
            {
                w.WriteStartObject();
                w.WriteString("Dir", p.Dir);
                w.WriteString("Name", p.Name);
                w.WriteString("Kind", p.Kind switch { PackageKind.Exe => "exe", PackageKind.Analyzer => "analyzer", _ => "lib" });
                if (p.Settings.Frameworks is { } frameworks) WriteArray(w, "Frameworks", frameworks.Select(f => f.Moniker).ToArray());
                if (p.Manifest.Analyzers.Count > 0) WriteArray(w, "Analyzers", p.Manifest.Analyzers);
                WriteArray(w, "Files", p.Files);
                WriteArray(w, "IgnoredFiles", p.IgnoredFiles);
                WriteArray(w, "Imports", p.Imports);
                WriteArray(w, "Symbols", p.VisibleSymbols(load.Target));
                // As go list's TestGoFiles and TestImports: the test files build constraints select, and what the test assembly imports.
                if (load.TestOf(p.Dir) is { } test)
                {
                    WriteArray(w, "TestFiles", test.TestFiles);
                    WriteArray(w, "TestImports", test.Imports);
                    if (test.Error is { } testError) w.WriteString("TestError", testError);
                }
                if (p.Resources.Count > 0)
                {
                    // What it embeds, under the names dotnet build gives them; a culture's go to its satellite.
                    w.WriteStartArray("Resources");
                    foreach (var r in p.Resources)
                    {
                        w.WriteStartObject();
                        w.WriteString("File", r.File);
                        w.WriteString("Name", r.Name);
                        if (r.Culture is not null) w.WriteString("Culture", r.Culture);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                if (p.Error is not null) w.WriteString("Error", p.Error);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WriteStartArray(name);
        foreach (var i in items) w.WriteStringValue(i);
        w.WriteEndArray();
    }
}
