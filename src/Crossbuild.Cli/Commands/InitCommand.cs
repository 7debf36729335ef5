using System.CommandLine;
using Crossbuild.Import;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild init [--from Project.csproj] [-f tfm]</c>: writes a module manifest, or moves a project in by
/// evaluating it with MSBuild (loaded only by this command) and writing the manifests that build the same assembly.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("init", "Create crossbuild.json, or import an SDK-style project (--from)");
        var from = new Option<string?>("--from") { Description = "The .csproj to import; its directory becomes a package" };
        var framework = new Option<string?>("-f", "--framework") { Description = "The target framework to evaluate a multi-targeting project for" };
        command.Options.Add(from);
        command.Options.Add(framework);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var dir = CommonOptions.WorkingDirectory(result, ctx);
            var outcome = Importer.Run(dir, result.GetValue(from), result.GetValue(framework));
            foreach (var w in outcome.Warnings) ctx.Err.WriteLine("init: warning: " + w);
            foreach (var f in outcome.Written) ctx.Out.WriteLine("wrote " + Path.GetRelativePath(dir, f).Replace('\\', '/'));
            return 0;
        }));
        return command;
    }
}
