using System.CommandLine;

namespace Crossbuild.Cli;

/// <summary>Flags shared by every verb.</summary>
internal static class CommonOptions
{
    /// <summary><c>-C dir</c>: run as if started in dir, as <c>go -C</c>.</summary>
    public static readonly Option<string?> Chdir = new("-C")
    {
        Description = "Change to this directory before doing anything else",
        HelpName = "dir",
        Recursive = true,
    };

    /// <summary><c>--cache-dir</c>: overrides CROSSBUILD_CACHE and the default cache location.</summary>
    public static readonly Option<string?> CacheDir = new("--cache-dir")
    {
        Description = "The build cache directory (default: $CROSSBUILD_CACHE, else the user cache folder)",
        HelpName = "dir",
        Recursive = true,
    };

    /// <summary>The directory a command works in: <c>-C</c> resolved against the start directory.</summary>
    public static string WorkingDirectory(ParseResult result, CliContext ctx)
    {
        var c = result.GetValue(Chdir);
        if (string.IsNullOrEmpty(c)) return ctx.StartDirectory;
        var full = Path.GetFullPath(Path.Combine(ctx.StartDirectory, c));
        if (!Directory.Exists(full))
            throw new Crossbuild.Diagnostics.CrossbuildException($"-C {c}: directory does not exist");
        return full;
    }

    /// <summary>Splits repeated and comma-separated values (<c>-r a,b -r c</c>) into a distinct list, order kept.</summary>
    public static IReadOnlyList<string> SplitList(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToArray();
}
