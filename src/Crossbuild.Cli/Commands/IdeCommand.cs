using System.CommandLine;
using Crossbuild.Ide;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild ide [patterns] [-r rid] [-c config] [--tags t] [--check] [--vscode]</c>: writes the solution and projects
/// editors read (docs/ide.md); <c>--check</c> exits 1 when they are stale.
/// </summary>
internal static class IdeCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("ide", "Write <module>.slnx and a project per package under .crossbuild/ide, for editors and language servers");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: ./...)" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 if the files are missing or stale" };
        var vscode = new Option<bool>("--vscode") { Description = "Also merge build and test tasks and a launch configuration per executable into .vscode/" };
        var targets = new TargetOptions();
        command.Arguments.Add(patterns);
        command.Options.Add(check);
        command.Options.Add(vscode);
        targets.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var given = result.GetValue(patterns) ?? [];
            var settings = targets.Apply(result, new CrossbuildSettings().SetWorkingDirectory(cwd)
                .SetPackages(given.Length == 0 ? ["./..."] : given).SetCacheDirectory(result.GetValue(CommonOptions.CacheDir)));
            var ide = IdeWorkspace.Write(settings, result.GetValue(check), result.GetValue(vscode));
            if (result.GetValue(check))
            {
                foreach (var s in ide.Stale) ctx.Err.WriteLine($"crossbuild: ide: {s} is stale");
                if (ide.Stale.Count > 0)
                {
                    ctx.Err.WriteLine($"crossbuild: ide: {ide.Stale.Count} file(s) out of step with the module; run crossbuild ide");
                    return 1;
                }
                return 0;
            }
            foreach (var w in ide.Written) ctx.Out.WriteLine("wrote " + w);
            foreach (var r in ide.Removed) ctx.Out.WriteLine("removed " + r);
            ctx.Out.WriteLine($"open {ide.Solution}");
            return 0;
        }));
        return command;
    }
}
