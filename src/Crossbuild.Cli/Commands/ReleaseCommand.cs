using System.CommandLine;
using Crossbuild.Release;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild release [patterns] [build flags] -o dist/ [--version v] [--clean]</c>, or
/// <c>crossbuild release --merge DIR... -o dist/</c>: archives per runtime, nupkgs, SHA256SUMS and release.json.
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("release", "Build, then pack executables per runtime (tar.gz/zip) and libraries (nupkg), with SHA256SUMS and release.json");
        var patterns = new Argument<string[]>("packages") { Arity = ArgumentArity.ZeroOrMore, Description = "Package patterns (default: ./...)" };
        var output = new Option<string>("-o") { Description = "The release folder", HelpName = "dir", Required = true };
        var version = new Option<string?>("--version") { Description = "The version (default: the v1.2.3 tag on HEAD, else 0.0.0-<commit>)" };
        var clean = new Option<bool>("--clean") { Description = "Empty a non-empty release folder first" };
        var tool = new Option<bool>("--tool") { Description = "Also pack each executable as a RID-specific dotnet tool" };
        var sbom = new Option<bool>("--sbom") { Description = "Write a CycloneDX 1.6 SBOM beside each archive and package (<artifact>.cdx.json)" };
        var merge = new Option<string[]>("--merge") { Description = "Merge these release folders (matrix legs) instead of building", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("-json") { Description = "Print the build and the artifacts as JSON events, one per line (docs/json.md)" };
        var options = new BuildOptions();
        command.Arguments.Add(patterns);
        foreach (var o in new Option[] { output, version, clean, tool, sbom, merge, json }) command.Options.Add(o);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var given = result.GetValue(patterns) ?? [];
            var settings = options.Settings(result, cwd, given.Length == 0 ? ["./..."] : given);
            var events = result.GetValue(json) ? new Work.Events.JsonEventReporter(ctx.Out, cwd) : null;
            using var console = events is null ? new ConsoleReporter(ctx.Err, cwd, result.GetValue(options.Verbose), result.GetValue(options.Trace)) : null;
            ReleaseResult released;
            try
            {
                released = Releaser.Release(settings, new ReleaseOptions(result.GetValue(output)!)
                {
                    Version = result.GetValue(version),
                    Clean = result.GetValue(clean),
                    Tool = result.GetValue(tool),
                    Sbom = result.GetValue(sbom),
                    Merge = result.GetValue(merge) ?? [],
                }, (Work.IBuildReporter?)events ?? console!);
            }
            catch (CrossbuildBuildException e)
            {
                // Diagnostics were printed (or, in GitHub Actions, are printed now as annotations).
                if (events is not null) return events.Finish(e.Result);
                console!.Finish(e.Result);
                throw;
            }
            catch (Diagnostics.CrossbuildException e) when (events is not null)
            {
                return events.Fail(e.Message);
            }
            if (GitHub.WorkflowCommands.Active) GitHub.WorkflowCommands.AppendSummary(GitHub.WorkflowCommands.Summary(released));
            if (events is not null)
            {
                if (released.Build is { } built) events.Finish(built);
                return events.Released(released);
            }
            if (released.Build is { } build) console!.Finish(build);
            foreach (var w in released.Warnings)
                ctx.Err.WriteLine(GitHub.WorkflowCommands.Active ? "::warning::" + GitHub.WorkflowCommands.EscapeData(w) : "crossbuild: warning: " + w);
            foreach (var a in released.Artifacts)
                ctx.Out.WriteLine($"{Path.GetRelativePath(cwd, Path.Combine(released.Directory, a.Name))}  {a.Size}  {a.Sha256[..16]}");
            return 0;
        }));
        return command;
    }
}
