using System.Text.RegularExpressions;
using Crossbuild.Diagnostics;

namespace Crossbuild.Targets;

/// <summary>A .NET target framework moniker of the form <c>netN.M</c> (.NET 5 and later).</summary>
public sealed partial record TargetFramework
{
    private TargetFramework(string moniker, Version version, string identifier = ".NETCoreApp")
    {
        Moniker = moniker;
        Version = version;
        Identifier = identifier;
    }

    /// <summary>Whether this is .NET Standard (<c>netstandard2.0</c>, <c>netstandard2.1</c>): libraries only.</summary>
    public bool IsNetStandard => Identifier == ".NETStandard";

    /// <summary>Whether this is .NET Framework (<c>net462</c> … <c>net481</c>): libraries only.</summary>
    public bool IsNetFramework => Identifier == ".NETFramework";

    /// <summary>Whether this is .NET 5 or later (<c>netN.M</c>), which executables need.</summary>
    public bool IsNetCoreApp => Identifier == ".NETCoreApp";

    /// <summary>The framework identifier: <c>.NETCoreApp</c>, <c>.NETStandard</c> or <c>.NETFramework</c>.</summary>
    public string Identifier { get; }

    /// <summary>The full framework name, <c>.NETCoreApp,Version=v10.0</c>, as the TargetFrameworkAttribute names it.</summary>
    public string FrameworkName => $"{Identifier},Version=v{Version}";

    /// <summary>The display name, <c>.NET 10.0</c> or <c>.NET Standard 2.0</c>.</summary>
    public string DisplayName => IsNetStandard ? $".NET Standard {Version}" : IsNetFramework ? $".NET Framework {Version}" : $".NET {Version}";

    // The .NET Framework versions the SDK knows symbols for, in order (NET20_OR_GREATER …).
    private static readonly string[] NetFrameworkVersions = ["20", "30", "35", "40", "45", "451", "452", "46", "461", "462", "47", "471", "472", "48", "481"];

    /// <summary>The moniker as written, e.g. <c>net10.0</c>.</summary>
    public string Moniker { get; }

    /// <summary>The framework version, e.g. 10.0.</summary>
    public Version Version { get; }

    /// <summary>The default framework when a manifest names none.</summary>
    public static TargetFramework Default { get; } = Parse("net10.0");

    [GeneratedRegex(@"^net(?<major>[1-9][0-9]*)\.(?<minor>[0-9]+)$")]
    private static partial Regex MonikerPattern();

    /// <summary>Parses a moniker such as <c>net8.0</c>; throws a clear error for anything else.</summary>
    public static TargetFramework Parse(string moniker)
    {
        if (moniker is "netstandard2.0" or "netstandard2.1")
            return new TargetFramework(moniker, new Version(2, moniker[^1] - '0'), ".NETStandard");
        if (moniker is "net462" or "net472" or "net48" or "net481")
        {
            var digits = moniker[3..];
            var version = digits.Length > 2 ? new Version(digits[0] - '0', digits[1] - '0', digits[2] - '0') : new Version(digits[0] - '0', digits[1] - '0');
            return new TargetFramework(moniker, version, ".NETFramework");
        }
        var m = MonikerPattern().Match(moniker);
        if (!m.Success || !int.TryParse(m.Groups["major"].Value, out var major) || !int.TryParse(m.Groups["minor"].Value, out var minor) ||
            major is < 5 or > 99 || minor > 99)
            throw new CrossbuildException($"unsupported target framework \"{moniker}\"; expected netN.M with N >= 5, such as net10.0, or, for libraries, netstandard2.0, netstandard2.1, net462, net472, net48 or net481");
        return new TargetFramework(moniker, new Version(major, minor));
    }

    /// <summary>
    /// The preprocessor symbols the .NET SDK defines for this framework: NET, NETx_y, NETCOREAPP, and the
    /// _OR_GREATER symbols for every earlier .NET and .NET Core version.
    /// </summary>
    public IReadOnlyList<string> SdkSymbols()
    {
        if (IsNetFramework)
        {
            // NETFRAMEWORK, NET48, then every NETxy_OR_GREATER up to this one.
            var own = Moniker[3..];
            var framework = new List<string> { "NETFRAMEWORK", "NET" + own.ToUpperInvariant() };
            foreach (var v in NetFrameworkVersions)
            {
                framework.Add($"NET{v}_OR_GREATER");
                if (v == own) break;
            }
            return framework;
        }
        if (IsNetStandard)
        {
            // NETSTANDARD, NETSTANDARD2_0, then every NETSTANDARDx_y_OR_GREATER up to this one.
            var standard = new List<string> { "NETSTANDARD", $"NETSTANDARD{Version.Major}_{Version.Minor}" };
            foreach (var v in new[] { "1_0", "1_1", "1_2", "1_3", "1_4", "1_5", "1_6", "2_0", "2_1" })
            {
                standard.Add($"NETSTANDARD{v}_OR_GREATER");
                if (v == $"{Version.Major}_{Version.Minor}") break;
            }
            return standard;
        }
        var list = new List<string> { "NET", $"NET{Version.Major}_{Version.Minor}", "NETCOREAPP" };
        for (var major = 5; major <= Version.Major; major++)
            list.Add($"NET{major}_0_OR_GREATER");
        if (Version.Minor > 0)
            list.Add($"NET{Version.Major}_{Version.Minor}_OR_GREATER");
        foreach (var v in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" })
            list.Add($"NETCOREAPP{v}_OR_GREATER");
        return list;
    }

    /// <inheritdoc/>
    public override string ToString() => Moniker;
}
