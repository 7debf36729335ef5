using System.CommandLine;
using Crossbuild.GitHub;
using Crossbuild.Load;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild plan [-r …|--matrix] [--github]</c>: the runtimes and outputs a release builds, as a GitHub Actions
/// matrix with a runner per runtime and a leg per output; with <c>--github</c> also written to <c>GITHUB_OUTPUT</c> as
/// <c>matrix=…</c>.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("plan", "Print the runtimes and outputs to build as a CI matrix: {\"include\":[{\"rid\":…,\"runner\":…,\"flags\":…,\"leg\":…}]}");
        var github = new Option<bool>("--github") { Description = "Also write matrix=<json> to $GITHUB_OUTPUT" };
        var targets = new TargetOptions();
        command.Options.Add(github);
        targets.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            // -c, --tags and -f are checked like everywhere else; the runner matrix itself depends only on the RIDs.
            var settings = targets.Apply(result, new CrossbuildSettings().SetWorkingDirectory(cwd));
            var module = Module.Find(cwd);
            var legs = settings.ResolveTargets(module).Select(t => (t.Target.Runtime.Value, t.Output));
            var json = RunnerMatrix.Json(legs, module.Manifest.Matrix?.Runners);
            ctx.Out.WriteLine(json);
            if (result.GetValue(github) && !WorkflowCommands.SetOutput("matrix", json))
                throw new Diagnostics.CrossbuildException("plan --github: GITHUB_OUTPUT is not set (run it in a GitHub Actions step)");
            return 0;
        }));
        return command;
    }
}
