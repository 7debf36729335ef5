using System.CommandLine;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Targets;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild version [-m] [file...]</c>: the tool's version, or which Crossbuild built each file and, with
/// <c>-m</c>, its embedded build information, as <c>go version -m</c>.
/// </summary>
internal static class VersionCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("version", "Print Crossbuild's version, or the build information of executables");
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.ZeroOrMore, Description = "Executables or assemblies to inspect" };
        var modules = new Option<bool>("-m") { Description = "Print each file's embedded build information" };
        command.Arguments.Add(files);
        command.Options.Add(modules);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var paths = result.GetValue(files) ?? [];
            if (paths.Length == 0)
            {
                if (result.GetValue(modules))
                    throw new CrossbuildException("version -m: name the files to inspect");
                ctx.Out.WriteLine($"crossbuild version {ToolVersion.Crossbuild} roslyn/{ToolVersion.Roslyn} {RidCatalog.Host}");
                return 0;
            }
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var exit = 0;
            foreach (var path in paths)
            {
                var pairs = BuildInfo.Read(Path.GetFullPath(Path.Combine(cwd, path)));
                if (pairs is null || !pairs.Any(p => p.Key.StartsWith(BuildInfo.Prefix, StringComparison.Ordinal)))
                {
                    ctx.Err.WriteLine($"crossbuild: {path}: no crossbuild build information");
                    exit = 1;
                    continue;
                }
                var text = BuildInfo.Format(path, pairs);
                ctx.Out.WriteLine(result.GetValue(modules) ? text : text.Split('\n')[0]);
            }
            return exit;
        }));
        return command;
    }
}
