using System.CommandLine;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild cache key [patterns] [target flags]</c>: a key for <c>actions/cache</c> that changes exactly when the inputs do.</summary>
internal static class CacheCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("cache", "The build cache as CI sees it");
        var key = new Command("key", "Print a key for a CI cache of the build cache; it changes exactly when the build's inputs change");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: ./...)" };
        var targets = new TargetOptions();
        key.Arguments.Add(patterns);
        targets.AddTo(key);
        key.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var given = result.GetValue(patterns) ?? [];
            var settings = targets.Apply(result, new CrossbuildSettings().SetWorkingDirectory(cwd).SetPackages(given.Length == 0 ? ["./..."] : given))
                .SetCacheDirectory(result.GetValue(CommonOptions.CacheDir));
            ctx.Out.WriteLine(CrossbuildTasks.CacheKey(settings));
            return 0;
        }));
        command.Subcommands.Add(key);
        return command;
    }
}
