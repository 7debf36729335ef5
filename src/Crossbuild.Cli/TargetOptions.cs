using System.CommandLine;

namespace Crossbuild.Cli;

/// <summary>The flags that pick targets: <c>-r</c>, <c>-c</c>, <c>--tags</c>, <c>-f</c> and <c>--matrix</c>.</summary>
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

    public readonly Option<bool> Matrix = new("--matrix") { Description = "Build every cell of crossbuild.json's matrix" };

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Runtimes);
        command.Options.Add(Configuration);
        command.Options.Add(Tags);
        command.Options.Add(Framework);
        command.Options.Add(Matrix);
    }

    /// <summary>
    /// <paramref name="settings"/> with the target flags applied as given. The CLI resolves nothing itself: the
    /// engine's <c>TargetResolver</c> turns these into targets, with the same rules and errors as for the API.
    /// </summary>
    public CrossbuildSettings Apply(ParseResult result, CrossbuildSettings settings) =>
        settings
            .SetRuntimes([.. SplitKeepingEmpty(result.GetValue(Runtimes))])
            .SetConfiguration(result.GetValue(Configuration) ?? "Debug")
            .SetTags([.. SplitKeepingEmpty(result.GetValue(Tags))])
            .SetFramework(result.GetValue(Framework))
            .SetMatrix(result.GetValue(Matrix));

    // "-r ''" and "-r a,,b" name an empty runtime (and "--tags a,,b" an empty tag): kept, so that the engine reports it.
    private static IEnumerable<string> SplitKeepingEmpty(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal);
}
