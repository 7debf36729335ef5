using System.CommandLine;
using Crossbuild.Deps;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild get Name[@version]...</c>: add or update packages in crossbuild.json and the lock file, as <c>go get</c>.</summary>
internal static class GetCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("get", "Add or update NuGet packages in crossbuild.json (Name@version; latest stable without a version)");
        var packages = new Argument<string[]>("packages") { Arity = ArgumentArity.OneOrMore, Description = "Name or Name@version (a version or range)" };
        command.Arguments.Add(packages);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            // Every argument is checked before the manifest is touched.
            var requests = (result.GetValue(packages) ?? []).Select(PackageRequirement.ParseArgument).ToArray();
            foreach (var (id, range) in requests)
            {
                var settings = new CrossbuildSettings().SetWorkingDirectory(cwd).SetCacheDirectory(result.GetValue(CommonOptions.CacheDir));
                var (before, after, resolved) = DependencyService.Get(cwd, id, range, () => Builder.LoadWithDependencies(settings, "get"));
                var version = resolved.Version.ToNormalizedString();
                ctx.Err.WriteLine(before is null ? $"crossbuild: added {resolved.Id} {after} (resolved {version})"
                    : before == after ? $"crossbuild: {resolved.Id} {after} unchanged (resolved {version})"
                    : $"crossbuild: {resolved.Id} {before} -> {after} (resolved {version})");
            }
            return 0;
        }));
        return command;
    }
}
