using System.CommandLine;
using Crossbuild.Plan;

namespace Crossbuild.Cli;

/// <summary>The flags shared by <c>build</c> and <c>run</c>, as in <c>go build</c>.</summary>
internal sealed class BuildOptions
{
    public readonly TargetOptions Targets = new();

    public readonly Option<int?> Jobs = new("-p")
    {
        Description = "How many packages compile at once (default: the number of cores)",
        HelpName = "n",
    };

    public readonly Option<bool> Verbose = new("-v") { Description = "Print each package's directory as it is compiled" };

    public readonly Option<bool> Trace = new("-x") { Description = "Print each step as it runs" };

    public readonly Option<bool> DryRun = new("-n") { Description = "Print the steps without running them" };

    public readonly Option<bool> Force = new("-a") { Description = "Rebuild every package, even when the cache has it" };

    public readonly Option<string[]> Values = new("-X")
    {
        Description = "Set an assembly metadata value: [package:]key=value (repeatable)",
        HelpName = "[pkg:]key=value",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public readonly Option<bool> SelfContained = new("--self-contained") { Description = "Put the .NET runtime next to each executable" };

    public readonly Option<bool> SingleFile = new("--single-file") { Description = "Bundle each executable into one file" };

    public readonly Option<bool> ReadyToRun = new("--readytorun") { Description = "Precompile each assembly for its runtime with crossgen2 (ReadyToRun)" };

    public readonly Option<bool> Trim = new("--trim") { Description = "Trim self-contained executables with illink" };

    public readonly Option<bool> Aot = new("--aot") { Description = "Compile each executable to one native file (Native AOT)" };
    public readonly Option<bool> EmitGenerated = new("--emit-generated") { Description = "Write source generators' output under _generated/ in the output folder" };

    public readonly Option<bool> Locked = new("--locked") { Description = "Fail instead of changing crossbuild.lock.json" };

    public readonly Option<bool> Timings = new("--timings") { Description = "Print how long each stage took (load, vcs, deps, plan, run)" };

    public readonly Option<bool> TrimPath = new("--trimpath") { Description = "Record source paths as /_/… relative to the module" };

    public readonly Option<string> BuildVcs = new("--buildvcs")
    {
        Description = "Stamp executables with git information: auto, true or false",
        DefaultValueFactory = _ => "auto",
        HelpName = "auto|true|false",
    };

    public readonly Option<string?> RemoteCache = new("--remote-cache")
    {
        Description = "A shared Bazel HTTP cache to read from and write to (default: $CROSSBUILD_REMOTE_CACHE; docs/remote-cache.md)",
        HelpName = "url",
    };

    public readonly Option<bool?> RemoteCacheUpload = new("--remote-cache-upload")
    {
        Description = "Upload to the remote cache: true or false (default: $CROSSBUILD_REMOTE_CACHE_UPLOAD, else off for pull requests)",
        HelpName = "true|false",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Targets.AddTo(command);
        foreach (var o in new Option[] { Jobs, Verbose, Trace, DryRun, Force, Values, SelfContained, SingleFile, ReadyToRun, Trim, Aot, EmitGenerated, Locked, TrimPath, BuildVcs, Timings, RemoteCache, RemoteCacheUpload })
            command.Options.Add(o);
    }

    /// <summary>The settings these flags describe, for patterns in <paramref name="cwd"/>.</summary>
    public CrossbuildSettings Settings(ParseResult result, string cwd, IReadOnlyList<string> patterns)
    {
        // Which targets these flags mean (and whether they conflict) is the engine's to say: TargetResolver.
        var settings = Targets.Apply(result, new CrossbuildSettings().SetWorkingDirectory(cwd).SetPackages([.. patterns]))
            .SetTrimPath(result.GetValue(TrimPath))
            .SetForce(result.GetValue(Force))
            .SetSelfContained(result.GetValue(SelfContained))
            .SetSingleFile(result.GetValue(SingleFile))
            .SetReadyToRun(result.GetValue(ReadyToRun))
            .SetTrim(result.GetValue(Trim))
            .SetAot(result.GetValue(Aot))
            .SetEmitGenerated(result.GetValue(EmitGenerated))
            .SetLocked(result.GetValue(Locked))
            .SetCacheDirectory(result.GetValue(CommonOptions.CacheDir))
            .SetRemoteCache(result.GetValue(RemoteCache))
            .SetRemoteCacheUpload(result.GetResult(RemoteCacheUpload) is null ? null : result.GetValue(RemoteCacheUpload) ?? true)
            .SetBuildVcs(result.GetValue(BuildVcs) switch
            {
                "auto" => Plan.BuildVcs.Auto,
                "true" => Plan.BuildVcs.True,
                "false" => Plan.BuildVcs.False,
                var other => throw new Diagnostics.CrossbuildException($"--buildvcs {other}: expected auto, true or false"),
            });
        if (result.GetValue(Jobs) is { } jobs) settings = settings.SetJobs(jobs);
        foreach (var v in result.GetValue(Values) ?? [])
            settings = settings.AddValue(BuildValue.Parse(v));
        return settings;
    }
}
