namespace Crossbuild.Deps;

/// <summary>
/// The asset types of a NuGet package, as <c>IncludeAssets</c>, <c>ExcludeAssets</c> and <c>PrivateAssets</c> name them
/// (NuGet's <c>LibraryIncludeFlags</c>).
/// </summary>
[Flags]
public enum AssetFlags
{
    /// <summary>No assets.</summary>
    None = 0,

    /// <summary>Compile references (<c>ref/</c>, <c>lib/</c>).</summary>
    Compile = 1,

    /// <summary>Managed runtime assemblies and their satellites.</summary>
    Runtime = 2,

    /// <summary><c>contentFiles/</c>: source-only packages' code and copied content.</summary>
    ContentFiles = 4,

    /// <summary><c>build/</c> props and targets (Crossbuild runs none).</summary>
    Build = 8,

    /// <summary>Native libraries (<c>runtimes/&lt;rid&gt;/native/</c>).</summary>
    Native = 16,

    /// <summary>Analyzers and source generators.</summary>
    Analyzers = 32,

    /// <summary><c>buildTransitive/</c> props and targets (Crossbuild runs none).</summary>
    BuildTransitive = 64,

    /// <summary>Every asset.</summary>
    All = Compile | Runtime | ContentFiles | Build | Native | Analyzers | BuildTransitive,
}

/// <summary>Parses and prints asset flags as NuGet writes them.</summary>
public static class AssetFlagNames
{
    /// <summary>What does not flow to importers unless <c>privateAssets</c> says otherwise: NuGet's default.</summary>
    public const AssetFlags DefaultPrivate = AssetFlags.ContentFiles | AssetFlags.Analyzers | AssetFlags.Build;

    private static readonly Dictionary<string, AssetFlags> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = AssetFlags.All, ["none"] = AssetFlags.None, ["compile"] = AssetFlags.Compile, ["runtime"] = AssetFlags.Runtime,
        ["contentFiles"] = AssetFlags.ContentFiles, ["build"] = AssetFlags.Build, ["native"] = AssetFlags.Native,
        ["analyzers"] = AssetFlags.Analyzers, ["buildTransitive"] = AssetFlags.BuildTransitive,
    };

    /// <summary>Parses <c>compile;runtime</c> (or the parts of an array); null with the first unknown name.</summary>
    public static (AssetFlags Flags, string? Unknown) Parse(IEnumerable<string> parts)
    {
        var flags = AssetFlags.None;
        foreach (var part in parts.SelectMany(p => p.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            if (Names.TryGetValue(part, out var f)) flags |= f;
            else return (flags, part);
        return (flags, null);
    }

    /// <summary>The canonical text: <c>all</c>, <c>none</c>, or the set names joined by ';'.</summary>
    public static string Format(AssetFlags flags) => flags switch
    {
        AssetFlags.All => "all",
        AssetFlags.None => "none",
        _ => string.Join(';', Names.Where(n => n.Value is not (AssetFlags.All or AssetFlags.None) && flags.HasFlag(n.Value)).Select(n => n.Key)),
    };
}
