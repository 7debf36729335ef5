using NuGet.Versioning;

namespace Crossbuild.Load;

/// <summary>
/// The generated assembly attributes of a package, as the SDK's GenerateAssemblyInfo target writes them from
/// <c>Version</c>, <c>AssemblyVersion</c>, <c>FileVersion</c>, <c>InformationalVersion</c>, <c>Company</c>,
/// <c>Product</c>, <c>Copyright</c>, <c>AssemblyTitle</c>, <c>Description</c> and <c>NeutralLanguage</c>, and which
/// of them are generated at all (<c>GenerateAssemblyInfo</c>, <c>Generate…Attribute</c>).
/// </summary>
public sealed record AssemblyInfoSettings
{
    /// <summary>Nothing set: the SDK's defaults (version 1.0.0, company, product and title the assembly name).</summary>
    public static AssemblyInfoSettings Default { get; } = new();

    /// <summary>The manifest fields, as the manifest names them (<c>title</c> is <c>AssemblyTitle</c>).</summary>
    internal static readonly string[] TextFields =
        ["version", "assemblyVersion", "fileVersion", "informationalVersion", "company", "product", "copyright", "title", "description", "neutralLanguage"];

    /// <summary>The attributes <c>generateAssemblyInfo</c> can turn off one by one.</summary>
    internal static readonly string[] Attributes =
        ["company", "configuration", "copyright", "description", "fileVersion", "informationalVersion", "product", "title", "version", "neutralLanguage", "internalsVisibleTo"];

    /// <summary>The set values by field name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether the assembly info file is generated at all (<c>GenerateAssemblyInfo</c>).</summary>
    public bool Generate { get; init; } = true;

    /// <summary>Attributes not generated (<c>GenerateAssemblyVersionAttribute=false</c> and so on), sorted.</summary>
    public IReadOnlyList<string> Off { get; init; } = [];

    /// <summary>A field's value, or null.</summary>
    public string? this[string field] => Values.GetValueOrDefault(field);

    /// <summary>Whether <paramref name="attribute"/> is generated.</summary>
    public bool Generates(string attribute) => Generate && !Off.Contains(attribute);

    /// <summary>The package version (<c>Version</c>), <paramref name="versionOverride"/> (a release's) first, else 1.0.0.</summary>
    public string Version(string? versionOverride) => versionOverride ?? this["version"] ?? "1.0.0";

    /// <summary><c>AssemblyVersion</c>: set, or the version's numeric part in four fields, as the SDK derives it.</summary>
    public string AssemblyVersion(string? versionOverride) =>
        this["assemblyVersion"] ?? (NuGetVersion.TryParse(Version(versionOverride), out var v) ? v.Version.ToString() : "1.0.0.0");

    /// <summary>Every setting as one canonical line, for cache keys.</summary>
    public string Key =>
        $"generate={Generate} off={string.Join(',', Off)} " + string.Join(' ', Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    /// <inheritdoc/>
    public bool Equals(AssemblyInfoSettings? other) => other is not null && Key == other.Key;

    /// <inheritdoc/>
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <summary>These settings overridden by what <paramref name="json"/> sets.</summary>
    internal AssemblyInfoSettings OverriddenBy(ManifestJson json)
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        foreach (var name in TextFields)
            if (json.String(name) is { } value)
            {
                var field = json.Get(name)!;
                var ok = name switch
                {
                    "version" => NuGetVersion.TryParse(value, out _),
                    "assemblyVersion" or "fileVersion" => System.Version.TryParse(value, out var v) && v.Build >= 0,
                    _ => true,
                };
                if (!ok)
                    throw json.Error(field, name == "version"
                        ? $"field \"version\" is \"{value}\", which is not a version such as 1.2.3 or 1.2.3-beta.1"
                        : $"field \"{name}\" is \"{value}\", which is not a version of three or four numbers such as 1.2.3.0");
                values[name] = value;
            }
        var generate = Generate;
        var off = Off;
        if (json.Get("generateAssemblyInfo") is { } gen)
        {
            switch (gen.Value.ValueKind)
            {
                case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                    generate = gen.Value.GetBoolean();
                    break;
                case System.Text.Json.JsonValueKind.Object:
                    var set = new SortedSet<string>(off, StringComparer.Ordinal);
                    foreach (var p in gen.Value.EnumerateObject())
                    {
                        if (!Attributes.Contains(p.Name) || p.Value.ValueKind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                            throw json.Error(gen, $"field \"generateAssemblyInfo\" has \"{p.Name}\"; expected true or false for one of {string.Join(", ", Attributes)}");
                        if (p.Value.GetBoolean()) set.Remove(p.Name);
                        else set.Add(p.Name);
                    }
                    off = [.. set];
                    break;
                default:
                    throw json.Error(gen, "field \"generateAssemblyInfo\" must be true, false or an object such as {\"version\": false}");
            }
        }
        return new AssemblyInfoSettings { Values = values, Generate = generate, Off = off };
    }
}
