using System.CommandLine;
using Crossbuild.Deps;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild mod graph</c> and <c>crossbuild mod why Name</c>: inspect the resolved NuGet packages, as <c>go mod</c>.</summary>
internal static class ModCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("mod", "Inspect the module's NuGet packages");
        var framework = new Option<string?>("-f", "--framework") { Description = "Target framework (default: the module's)", HelpName = "tfm" };

        var graph = new Command("graph", "Print the resolved package graph, one edge per line: from to");
        var format = new Option<string?>("--format") { Description = "Draw it instead: mermaid or dot", HelpName = "format" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        graph.Options.Add(framework);
        graph.Options.Add(format);
        graph.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var (load, deps) = Load(result, ctx, framework);
            var edges = PackageGraphQueries.Edges(load, deps);
            if (result.GetValue(format) is { } f)
            {
                ctx.Out.Write(Crossbuild.Load.GraphText.Render(Crossbuild.Load.GraphText.Parse(f), [], edges, name: "nuget"));
                return 0;
            }
            foreach (var (from, to) in edges)
                ctx.Out.WriteLine($"{from} {to}");
            return 0;
        }));

        var why = new Command("why", "Print the shortest chain that pulls each package in");
        var ids = new Argument<string[]>("packages") { Arity = ArgumentArity.OneOrMore, Description = "Package IDs" };
        why.Arguments.Add(ids);
        why.Options.Add(framework);
        why.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var (load, deps) = Load(result, ctx, framework);
            var first = true;
            foreach (var id in result.GetValue(ids) ?? [])
            {
                if (!first) ctx.Out.WriteLine();
                first = false;
                ctx.Out.WriteLine($"# {id}");
                var chain = PackageGraphQueries.Why(load, deps, id);
                if (chain.Count == 0) ctx.Out.WriteLine($"(module {load.Module.Manifest.Name} does not need package {id})");
                foreach (var line in chain) ctx.Out.WriteLine(line);
            }
            return 0;
        }));

        command.Subcommands.Add(graph);
        command.Subcommands.Add(why);
        return command;
    }

    private static (Load.LoadResult, ModuleDependencies) Load(ParseResult result, CliContext ctx, Option<string?> framework) =>
        Builder.LoadWithDependencies(new CrossbuildSettings().SetWorkingDirectory(CommonOptions.WorkingDirectory(result, ctx))
            .SetFramework(result.GetValue(framework)).SetCacheDirectory(result.GetValue(CommonOptions.CacheDir)));
}
