using System.Text.RegularExpressions;
using Crossbuild.Diagnostics;

namespace Crossbuild.Work.Native;

/// <summary>
/// Reads the MSBuild-style lines illink and ilc print (<c>Program.cs(2,1): Trim analysis warning IL2026: …</c>, ilc's <c>Program.cs(2): AOT analysis warning IL3050: …</c>,
/// <c>ILLink : warning IL2104: …</c>) as diagnostics, so that they print as the compiler's do.
/// </summary>
internal static partial class ToolDiagnostics
{
    [GeneratedRegex(@"^(?:(?<path>.+?)\((?<line>\d+)(?:,(?<col>\d+))?\)|(?<origin>[^:()]+?))\s*:\s*(?:(?:Trim|AOT) analysis )?(?<sev>warning|error) (?<code>IL\d+)\s*:\s*(?<msg>.*)$")]
    private static partial Regex Line();

    /// <summary>
    /// The diagnostic on <paramref name="line"/>, or null when it is none; <paramref name="origin"/> names where one
    /// without a file comes from. With <c>--trimpath</c> the PDBs the tools read say <c>/_/…</c>: the path is mapped back
    /// under <paramref name="trimPathRoot"/>, as the compiler reports it.
    /// </summary>
    public static BuildDiagnostic? Parse(string line, string origin, string? trimPathRoot = null)
    {
        var m = Line().Match(line.Trim());
        if (!m.Success) return null;
        var path = m.Groups["path"].Success ? m.Groups["path"].Value : null;
        if (path is not null && trimPathRoot is not null && path.StartsWith("/_/", StringComparison.Ordinal))
            path = Path.Combine(trimPathRoot, path[3..].Replace('/', Path.DirectorySeparatorChar));
        return new BuildDiagnostic(m.Groups["sev"].Value, m.Groups["code"].Value, m.Groups["msg"].Value, path,
            path is null ? 0 : int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["col"].Success ? int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0, origin);
    }
}
