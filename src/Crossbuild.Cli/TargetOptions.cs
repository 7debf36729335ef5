using System.CommandLine;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Cli;

/// <summary>The flags that pick targets: <c>-r</c>, <c>-c</c>, <c>--tags</c> and <c>-f</c>.</summary>
internal sealed class TargetOptions
{
    public readonly Option<string[]> Runtimes = new("-r", "--runtime")
    {
        Description = "Runtime identifiers, comma-separated or repeated (default: the host's)",
        HelpName = "rid",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public readonly Option<string> Configuration = new("-c", "--configuration")
    {
        Description = "Debug or Release",
        DefaultValueFactory = _ => "Debug",
    };

    public readonly Option<string[]> Tags = new("--tags")
    {
        Description = "Extra build tags, comma-separated or repeated",
        HelpName = "tag,...",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public readonly Option<string?> Framework = new("-f", "--framework")
    {
        Description = "Target framework (default: the module's)",
        HelpName = "tfm",
    };

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Runtimes);
        command.Options.Add(Configuration);
        command.Options.Add(Tags);
        command.Options.Add(Framework);
    }

    /// <summary>The targets the flags name, one per runtime; the host runtime when none is given.</summary>
    public IReadOnlyList<Target> Resolve(ParseResult result, Module module)
    {
        var frameworkText = result.GetValue(Framework);
        var framework = frameworkText is null ? module.Manifest.Framework : TargetFramework.Parse(frameworkText);
        var configuration = Target.NormalizeConfiguration(result.GetValue(Configuration) ?? "Debug");
        var tags = CommonOptions.SplitList(result.GetValue(Tags));
        var rids = CommonOptions.SplitList(result.GetValue(Runtimes));
        var runtimes = rids.Count == 0 ? [RidCatalog.Host] : rids.Select(RidCatalog.Resolve).ToArray();
        return runtimes.Select(r => new Target(framework, r, configuration, tags)).ToArray();
    }

    /// <summary>Like <see cref="Resolve"/>, for verbs that take exactly one target.</summary>
    public Target ResolveOne(ParseResult result, Module module, string verb)
    {
        var targets = Resolve(result, module);
        if (targets.Count > 1)
            throw new CrossbuildException($"{verb} takes one runtime identifier, got {targets.Count}");
        return targets[0];
    }
}
