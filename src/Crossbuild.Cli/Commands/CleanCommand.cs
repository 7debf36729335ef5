using System.CommandLine;
using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Crossbuild.Env;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild clean -cache</c>: empties the build cache, as <c>go clean -cache</c>.</summary>
internal static class CleanCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("clean", "Remove cached build results (-cache)");
        var cache = new Option<bool>("-cache", "--cache") { Description = "Remove the entire build cache" };
        command.Options.Add(cache);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            if (!result.GetValue(cache))
                throw new CrossbuildException("clean: nothing to clean; use -cache to empty the build cache");
            var dir = CacheLocation.Resolve(result.GetValue(CommonOptions.CacheDir));
            if (Directory.Exists(dir)) new BuildCache(dir).Clean();
            return 0;
        }));
        return command;
    }
}
