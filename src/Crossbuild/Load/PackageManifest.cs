namespace Crossbuild.Load;

/// <summary>A package's own crossbuild.json: overrides for one package. It has no <c>module</c> field.</summary>
/// <param name="Name">The assembly name, overriding the naming rule.</param>
/// <param name="Kind">exe or lib, overriding detection.</param>
/// <param name="InternalsVisibleTo">Assemblies that may see this package's internals.</param>
/// <param name="Settings">The package's compile settings: the module's defaults with this file's overrides.</param>
public sealed record PackageManifest(string? Name, PackageKind? Kind, IReadOnlyList<string> InternalsVisibleTo, CompileSettings Settings)
{
    /// <summary>NuGet packages this package (and what imports it) uses, beyond the module's.</summary>
    public IReadOnlyList<Deps.PackageRequirement> Packages { get; init; } = [];

    /// <summary>Files from elsewhere in the module this package compiles too, and its files it drops.</summary>
    public SourceGlobs Sources { get; init; } = SourceGlobs.Empty;

    internal static readonly string[] KnownFields = ["name", "kind", "internalsVisibleTo", Deps.PackageRequirement.FieldName, .. SourceGlobs.FieldNames, .. CompileSettings.FieldNames];

    /// <summary>The manifest of a package without its own crossbuild.json.</summary>
    public static PackageManifest Implicit(CompileSettings defaults) => new(null, null, [], defaults);

    /// <summary>Reads and validates a package manifest.</summary>
    internal static PackageManifest Read(ManifestJson json, CompileSettings defaults)
    {
        json.RejectUnknown(KnownFields, "package manifest");
        var name = json.String("name");
        if (name is not null && !PackageNaming.IsValidAssemblyName(name))
            throw json.Error(json.Get("name")!, $"package name \"{name}\" is not a valid assembly name");
        var kind = json.OneOf("kind", "exe", "lib") switch
        {
            "exe" => PackageKind.Exe,
            "lib" => PackageKind.Lib,
            _ => (PackageKind?)null,
        };
        return new PackageManifest(name, kind, json.StringArray("internalsVisibleTo") ?? [], defaults.OverriddenBy(json))
        {
            Packages = Deps.PackageRequirement.Read(json),
            Sources = SourceGlobs.Read(json),
        };
    }
}
