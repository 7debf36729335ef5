using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>A NuGet package a manifest asks for: <c>"Newtonsoft.Json": "13.0.3"</c> in its <c>packages</c> section.</summary>
/// <param name="Id">The package ID as written.</param>
/// <param name="Range">The version range; a bare version means "at least", as in a PackageReference.</param>
/// <param name="DeclaredAt">Where it is declared, <c>file:line:col</c>, for messages.</param>
public sealed partial record PackageRequirement(string Id, VersionRange Range, string DeclaredAt)
{
    /// <summary>The manifest field that holds requirements.</summary>
    public const string FieldName = "packages";

    /// <summary>The range in NuGet's normalized form, as recorded in the lock file.</summary>
    public string NormalizedRange => Range.ToNormalizedString();

    /// <summary>Reads the <c>packages</c> field of <paramref name="json"/>; empty when absent.</summary>
    internal static IReadOnlyList<PackageRequirement> Read(ManifestJson json)
    {
        if (json.Get(FieldName) is not { } field) return [];
        if (field.Value.ValueKind != JsonValueKind.Object)
            throw json.Error(field, $"field \"{FieldName}\" must be an object of package IDs to versions, e.g. {{\"Newtonsoft.Json\": \"13.0.3\"}}");
        var at = $"{json.DisplayPath}:{field.Line}:{field.Column}";
        var list = new List<PackageRequirement>();
        foreach (var entry in field.Value.EnumerateObject())
        {
            if (!IsValidId(entry.Name))
                throw json.Error(field, $"\"{entry.Name}\" is not a valid NuGet package ID");
            if (list.Any(r => string.Equals(r.Id, entry.Name, StringComparison.OrdinalIgnoreCase)))
                throw json.Error(field, $"package {entry.Name} is listed twice");
            if (entry.Value.ValueKind != JsonValueKind.String || !VersionRange.TryParse(entry.Value.GetString()!, out var range) || range.IsFloating)
                throw json.Error(field, $"package {entry.Name}: \"{entry.Value}\" is not a version or version range (e.g. \"13.0.3\" or \"[4.0,5.0)\")");
            if (range.MinVersion is null)
                throw json.Error(field, $"package {entry.Name}: range \"{entry.Value.GetString()}\" needs a lower bound");
            list.Add(new PackageRequirement(entry.Name, range, at));
        }
        return list;
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
