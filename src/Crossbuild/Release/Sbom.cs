using System.Text.Json;
using Crossbuild.Common;

namespace Crossbuild.Release;

/// <summary>One entry of an SBOM: a module package, a NuGet package or a runtime pack.</summary>
/// <param name="Type">CycloneDX's component type: <c>application</c>, <c>library</c> or <c>framework</c>.</param>
/// <param name="Ref">Its <c>bom-ref</c>, unique in the document.</param>
/// <param name="Name">Its name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Purl">Its package URL (<c>pkg:nuget/Id@version</c>), if it is a package.</param>
/// <param name="Sha512">Its SHA-512, lower-case hex (a NuGet package's, from the lock file).</param>
/// <param name="License">Its SPDX licence expression, where the nuspec has one.</param>
/// <param name="Dir">A module package's Dir.</param>
internal sealed record SbomComponent(string Type, string Ref, string Name, string Version, string? Purl = null, string? Sha512 = null,
    string? License = null, string? Dir = null);

/// <summary>
/// CycloneDX 1.6 SBOMs (JSON), one per release artifact (<c>&lt;artifact&gt;.cdx.json</c>): the module as the
/// described component, and what the artifact carries: module packages, NuGet packages (version, purl, licence
/// expression, SHA-512 from the lock file) and, for a self-contained app, the runtime packs. Written with
/// System.Text.Json against the published schema (no kept .NET library for the format is served here); reproducible:
/// the time is the release's, the serial number a name-based UUID of the content, every list sorted.
/// </summary>
internal static class Sbom
{
    /// <summary>The suffix an artifact's SBOM adds to its name.</summary>
    public const string Suffix = ".cdx.json";

    /// <summary>The components of an executable: its module packages, NuGet packages and runtime packs.</summary>
    public static IReadOnlyList<SbomComponent> Of(BuiltApp app, string version) =>
        [.. app.ModulePackages.Select((p, i) => Module(p, version, i == 0 ? "application" : "library")),
         .. NuGet(app.NuGetPackages),
         .. app.RuntimePacks.Select(Pack)];

    /// <summary>The components of a library's package: the library, the module libraries and NuGet packages it compiles against.</summary>
    public static IReadOnlyList<SbomComponent> Of(IEnumerable<PackageResult> builds, string version)
    {
        var list = builds.ToArray();
        return [Module(new ModulePackage(list[0].Dir, list[0].Name), version, "library"),
            .. list.SelectMany(b => b.ModuleReferences).DistinctBy(r => r.Dir).Select(r => Module(r, version, "library")),
            .. NuGet(list.SelectMany(b => b.NuGetPackages))];
    }

    private static SbomComponent Module(ModulePackage p, string version, string type) =>
        new(type, "module:" + p.Dir, p.Name, version, Dir: p.Dir);

    private static IEnumerable<SbomComponent> NuGet(IEnumerable<Deps.PackageAssets> packages) =>
        packages.DistinctBy(p => p.Package.Key, StringComparer.OrdinalIgnoreCase).Select(p =>
        {
            var version = p.Package.Version.ToNormalizedString();
            var purl = $"pkg:nuget/{p.Package.Id}@{version}";
            return new SbomComponent("library", purl, p.Package.Id, version, purl, Hex(p.Sha512), License(p.Folder, p.Package.Id));
        });

    private static SbomComponent Pack(string idAndVersion)
    {
        var slash = idAndVersion.IndexOf('/');
        var (id, version) = (idAndVersion[..slash], idAndVersion[(slash + 1)..]);
        var purl = $"pkg:nuget/{id}@{version}";
        return new SbomComponent("framework", purl, id, version, purl);
    }

    // The lock file keeps NuGet's SHA-512 as sha512-<base64>; CycloneDX wants hex.
    private static string? Hex(string sha512)
    {
        if (!sha512.StartsWith(Deps.PackageInstaller.HashPrefix, StringComparison.Ordinal)) return null;
        try
        {
            return Convert.ToHexStringLower(Convert.FromBase64String(sha512[Deps.PackageInstaller.HashPrefix.Length..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // The nuspec's licence expression (<license type="expression">), if it has one.
    private static string? License(string folder, string id)
    {
        var nuspec = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.nuspec").FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).Equals(id, StringComparison.OrdinalIgnoreCase))
            : null;
        if (nuspec is null) return null;
        try
        {
            var license = new global::NuGet.Packaging.NuspecReader(nuspec).GetLicenseMetadata();
            return license?.Type == global::NuGet.Packaging.LicenseType.Expression ? license.License : null;
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="artifact"/>'s SBOM beside it; returns its path.</summary>
    public static string Write(string artifact, string moduleName, string moduleType, ReleaseVersion version, string? rid, IReadOnlyList<SbomComponent> components)
    {
        var path = artifact + Suffix;
        var body = Document(Path.GetFileName(artifact), moduleName, moduleType, version, rid, components, serial: null);
        // A name-based UUID of the document itself: the same release gives the same serial number.
        var hash = Convert.FromHexString(ContentHash.Of(body))[..16];
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        var hex = Convert.ToHexStringLower(hash);
        var serial = $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
        AtomicFile.Write(path, Document(Path.GetFileName(artifact), moduleName, moduleType, version, rid, components, serial));
        return path;
    }

    private static byte[] Document(string artifact, string moduleName, string moduleType, ReleaseVersion version, string? rid,
        IReadOnlyList<SbomComponent> components, string? serial)
    {
        var sorted = components.DistinctBy(c => c.Ref, StringComparer.Ordinal).OrderBy(c => c.Ref, StringComparer.Ordinal).ToArray();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            w.WriteString("bomFormat", "CycloneDX");
            w.WriteString("specVersion", "1.6");
            if (serial is not null) w.WriteString("serialNumber", serial);
            w.WriteNumber("version", 1);
            w.WriteStartObject("metadata");
            w.WriteString("timestamp", version.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartObject("tools");
            w.WriteStartArray("components");
            w.WriteStartObject();
            w.WriteString("type", "application");
            w.WriteString("name", "crossbuild");
            w.WriteString("version", ToolVersion.Crossbuild);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("component");
            w.WriteString("type", moduleType);
            w.WriteString("bom-ref", "module");
            w.WriteString("name", moduleName);
            w.WriteString("version", version.Version);
            w.WriteEndObject();
            w.WriteStartArray("properties");
            Property(w, "crossbuild:artifact", artifact);
            if (rid is not null) Property(w, "crossbuild:rid", rid);
            if (version.Commit is not null) Property(w, "crossbuild:commit", version.Commit);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("components");
            foreach (var c in sorted)
            {
                w.WriteStartObject();
                w.WriteString("type", c.Type);
                w.WriteString("bom-ref", c.Ref);
                w.WriteString("name", c.Name);
                w.WriteString("version", c.Version);
                if (c.Purl is not null) w.WriteString("purl", c.Purl);
                if (c.Sha512 is not null)
                {
                    w.WriteStartArray("hashes");
                    w.WriteStartObject();
                    w.WriteString("alg", "SHA-512");
                    w.WriteString("content", c.Sha512);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                if (c.License is not null)
                {
                    w.WriteStartArray("licenses");
                    w.WriteStartObject();
                    w.WriteString("expression", c.License);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                if (c.Dir is not null)
                {
                    w.WriteStartArray("properties");
                    Property(w, "crossbuild:dir", c.Dir);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            // The module depends on everything the artifact carries.
            w.WriteStartArray("dependencies");
            w.WriteStartObject();
            w.WriteString("ref", "module");
            w.WriteStartArray("dependsOn");
            foreach (var c in sorted) w.WriteStringValue(c.Ref);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void Property(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }
}
