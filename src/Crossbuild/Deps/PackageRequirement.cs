using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// A NuGet package a manifest asks for: <c>"Newtonsoft.Json": "13.0.3"</c> in its <c>packages</c> section, or with a
/// PackageReference's asset metadata, <c>"StyleCop.Analyzers": {"version": "1.1.118", "privateAssets": "all"}</c>.
/// </summary>
/// <param name="Id">The package ID as written.</param>
/// <param name="Range">The version range; a bare version means "at least", as in a PackageReference.</param>
/// <param name="DeclaredAt">Where it is declared, <c>file:line:col</c>, for messages.</param>
public sealed partial record PackageRequirement(string Id, VersionRange Range, string DeclaredAt)
{
    /// <summary>The assets the declaring package uses: <c>includeAssets</c> without <c>excludeAssets</c> (default all).</summary>
    public AssetFlags Include { get; init; } = AssetFlags.All;

    /// <summary>The assets that do not flow to the packages that import the declaring one (<c>privateAssets</c>).</summary>
    public AssetFlags Private { get; init; } = AssetFlagNames.DefaultPrivate;

    /// <summary>What reaches an importer: the included assets that are not private.</summary>
    public AssetFlags Flowing => Include & ~Private;

    /// <summary>The manifest field that holds requirements.</summary>
    public const string FieldName = "packages";

    /// <summary>The range in NuGet's normalized form, as recorded in the lock file.</summary>
    public string NormalizedRange => Range.ToNormalizedString();

    /// <summary>The manifest field that holds test frameworks and other packages only test assemblies use.</summary>
    public const string TestFieldName = "testPackages";

    /// <summary>Reads the <c>packages</c> field (or <paramref name="fieldName"/>) of <paramref name="json"/>; empty when absent.</summary>
    internal static IReadOnlyList<PackageRequirement> Read(ManifestJson json, string fieldName = FieldName)
    {
        if (json.Get(fieldName) is not { } field) return [];
        if (field.Value.ValueKind != JsonValueKind.Object)
            throw json.Error(field, $"field \"{fieldName}\" must be an object of package IDs to versions, e.g. {{\"Newtonsoft.Json\": \"13.0.3\"}}");
        var at = $"{json.DisplayPath}:{field.Line}:{field.Column}";
        var list = new List<PackageRequirement>();
        foreach (var entry in field.Value.EnumerateObject())
        {
            if (!IsValidId(entry.Name))
                throw json.Error(field, $"\"{entry.Name}\" is not a valid NuGet package ID");
            if (list.Any(r => string.Equals(r.Id, entry.Name, StringComparison.OrdinalIgnoreCase)))
                throw json.Error(field, $"package {entry.Name} is listed twice");
            var value = entry.Value;
            var (include, exclude, privateAssets) = (AssetFlags.All, AssetFlags.None, AssetFlagNames.DefaultPrivate);
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in value.EnumerateObject())
                    if (p.Name is not ("version" or "includeAssets" or "excludeAssets" or "privateAssets"))
                        throw json.Error(field, $"package {entry.Name}: unknown field \"{p.Name}\"; expected version, includeAssets, excludeAssets or privateAssets");
                include = Flags(json, field, entry.Name, value, "includeAssets") ?? include;
                exclude = Flags(json, field, entry.Name, value, "excludeAssets") ?? exclude;
                privateAssets = Flags(json, field, entry.Name, value, "privateAssets") ?? privateAssets;
                value = value.TryGetProperty("version", out var v) ? v
                    : throw json.Error(field, $"package {entry.Name}: missing \"version\"");
            }
            if (value.ValueKind != JsonValueKind.String || !VersionRange.TryParse(value.GetString()!, out var range) || range.IsFloating)
                throw json.Error(field, $"package {entry.Name}: \"{value}\" is not a version or version range (e.g. \"13.0.3\" or \"[4.0,5.0)\")");
            if (range.MinVersion is null)
                throw json.Error(field, $"package {entry.Name}: range \"{value.GetString()}\" needs a lower bound");
            list.Add(new PackageRequirement(entry.Name, range, at) { Include = include & ~exclude, Private = privateAssets });
        }
        return list;
    }

    // An asset list: "compile;runtime" or ["compile", "runtime"], with NuGet's names.
    private static AssetFlags? Flags(ManifestJson json, ManifestField field, string id, JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value)) return null;
        IEnumerable<string>? parts = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            _ => null,
        };
        if (parts is null) throw json.Error(field, $"package {id}: {name} must be a string such as \"compile;runtime\" or an array of asset names");
        var (flags, unknown) = AssetFlagNames.Parse(parts);
        if (unknown is not null)
            throw json.Error(field, $"package {id}: {name} has \"{unknown}\"; expected all, none, compile, runtime, contentFiles, build, buildTransitive, native or analyzers");
        return flags;
    }

    /// <summary>Whether <paramref name="id"/> is a valid NuGet package ID.</summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= 100 && IdPattern().IsMatch(id);

    // NuGet's rule (PackageIdValidator): word characters, joined by single '.', '-' or '_'.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\w+([.\-_]\w+)*$")]
    private static partial System.Text.RegularExpressions.Regex IdPattern();

    /// <summary>Parses <c>Name@version</c> (or a bare <c>Name</c>) as given to <c>crossbuild get</c>.</summary>
    public static (string Id, VersionRange? Range) ParseArgument(string text)
    {
        var at = text.IndexOf('@');
        var id = at < 0 ? text : text[..at];
        if (!IsValidId(id))
            throw new CrossbuildException($"\"{id}\" is not a valid NuGet package ID");
        if (at < 0) return (id, null);
        var version = text[(at + 1)..];
        if (!VersionRange.TryParse(version, out var range) || range.IsFloating || range.MinVersion is null)
            throw new CrossbuildException($"{text}: \"{version}\" is not a version or version range with a lower bound");
        return (id, range);
    }
}
