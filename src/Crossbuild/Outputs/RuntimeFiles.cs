using System.Text.Json;
using Crossbuild.Targets;

namespace Crossbuild.Outputs;

/// <summary>A library an executable uses: its assembly name and the names of the libraries it uses directly.</summary>
/// <param name="Name">The assembly name.</param>
/// <param name="Dependencies">Names of the libraries it references directly.</param>
public sealed record AppLibrary(string Name, IReadOnlyList<string> Dependencies)
{
    /// <summary>The NuGet packages it references directly, with their resolved versions.</summary>
    public IReadOnlyList<Deps.ResolvedPackage> Packages { get; init; } = [];

    /// <summary>The cultures of its satellite assemblies, in order.</summary>
    public IReadOnlyList<string> Cultures { get; init; } = [];

    /// <summary>Its package version (the manifest's <c>version</c>), as deps.json names the project.</summary>
    public string Version { get; init; } = "1.0.0";

    /// <summary>Its assembly version, as deps.json records a library's.</summary>
    public string AssemblyVersion { get; init; } = "1.0.0.0";

    /// <summary>Its file version, as deps.json records a library's.</summary>
    public string FileVersion { get; init; } = "1.0.0.0";
}

/// <summary>A NuGet package an executable carries: the resolved package, its nupkg hash and its runtime files.</summary>
/// <param name="Package">The resolved package.</param>
/// <param name="Sha512">The nupkg's <c>sha512-…</c> hash.</param>
/// <param name="Files">Its runtime assemblies and native libraries for the app's RID (or every RID's, portable).</param>
/// <param name="Dependencies">Its dependencies as <c>id</c> to resolved version.</param>
public sealed record AppPackage(Deps.ResolvedPackage Package, string Sha512, IReadOnlyList<Deps.PackageFile> Files,
    IReadOnlyList<KeyValuePair<string, string>> Dependencies);

/// <summary>Writes an executable's <c>runtimeconfig.json</c> and <c>deps.json</c> byte for byte as the SDK does.</summary>
public static class RuntimeFiles
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The runtimeconfig.json for <paramref name="target"/>: framework-dependent on <paramref name="frameworks"/>
    /// (Microsoft.NETCore.App first), or with <paramref name="selfContained"/> the runtime packs it carries
    /// (<c>includedFrameworks</c>); <paramref name="serverGc"/> as the Web SDK's <c>ServerGarbageCollection</c>;
    /// <paramref name="options"/> as more <c>RuntimeHostConfigurationOption</c> items.
    /// </summary>
    public static byte[] RuntimeConfig(Target target, IReadOnlyList<RuntimePack> selfContained, IReadOnlyList<string>? frameworks = null,
        bool serverGc = false, IReadOnlyList<(string Name, string Value)>? options = null) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("runtimeOptions");
        var framework = target.Framework;
        w.WriteString("tfm", framework.Moniker);
        frameworks ??= [SharedFramework.NetCore.Name];
        if (selfContained.Count == 0 && frameworks.Count == 1)
        {
            w.WriteStartObject("framework");
            w.WriteString("name", frameworks[0]);
            w.WriteString("version", $"{framework.Version.Major}.{framework.Version.Minor}.0");
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray(selfContained.Count == 0 ? "frameworks" : "includedFrameworks");
            foreach (var (name, version) in selfContained.Count == 0
                         ? frameworks.Select(f => (f, $"{framework.Version.Major}.{framework.Version.Minor}.0"))
                         : selfContained.Select(p => (p.Framework, p.Version)))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("version", version);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("configProperties");
        // The SDK writes its options' keys in ordinal order, each value a boolean or a number when it reads as one;
        // it turns hot reload off in optimized builds.
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in options ?? []) properties[name] = value;
        if (serverGc) properties["System.GC.Server"] = "true";
        if (target.IsRelease) properties["System.Reflection.Metadata.MetadataUpdater.IsSupported"] = "false";
        properties["System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization"] = "false";
        foreach (var (name, value) in properties)
        {
            if (bool.TryParse(value, out var b)) w.WriteBoolean(name, b);
            else if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)) w.WriteNumber(name, n);
            else w.WriteString(name, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// The deps.json of executable <paramref name="app"/> that uses <paramref name="libraries"/>; with
    /// <paramref name="runtime"/> (a build for an explicit RID) in the RID-specific form <c>dotnet build -r</c> writes.
    /// </summary>
    public static byte[] DepsJson(TargetFramework framework, AppLibrary app, IReadOnlyList<AppLibrary> libraries, string? runtime = null,
        IReadOnlyList<RuntimePack>? selfContained = null, IReadOnlyList<AppPackage>? packages = null) => Json(w =>
    {
        packages ??= [];
        selfContained ??= [];
        var portableName = $".NETCoreApp,Version=v{framework.Version}";
        var targetName = runtime is null ? portableName : portableName + "/" + runtime;
        // Packages, then projects, each by name, as the SDK lists them.
        var sorted = libraries.Select(l => (l.Name, Project: (AppLibrary?)l, Package: (AppPackage?)null))
            .Concat(packages.Select(p => (Name: p.Package.Id, Project: (AppLibrary?)null, Package: (AppPackage?)p)))
            .OrderBy(l => l.Project is not null).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        w.WriteStartObject();
        w.WriteStartObject("runtimeTarget");
        w.WriteString("name", targetName);
        w.WriteString("signature", "");
        w.WriteEndObject();
        w.WriteStartObject("compilationOptions");
        w.WriteEndObject();
        w.WriteStartObject("targets");
        if (runtime is not null)
        {
            w.WriteStartObject(portableName);
            w.WriteEndObject();
        }
        w.WriteStartObject(targetName);
        var versions = libraries.ToDictionary(l => l.Name, l => l.Version, StringComparer.Ordinal);
        TargetEntry(w, app, isApp: true, selfContained, versions);
        foreach (var pack in selfContained) RuntimePackEntry(w, pack);
        foreach (var lib in sorted)
            if (lib.Project is not null) TargetEntry(w, lib.Project, isApp: false, [], versions);
            else PackageEntry(w, lib.Package!, portable: runtime is null);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("libraries");
        Library(w, $"{app.Name}/{app.Version}", "project");
        foreach (var pack in selfContained) Library(w, $"{pack.LibraryName}/{pack.Version}", "runtimepack");
        foreach (var lib in sorted)
            if (lib.Project is not null) Library(w, $"{lib.Name}/{lib.Project.Version}", "project");
            else PackageLibrary(w, lib.Package!);
        w.WriteEndObject();
        if (selfContained.Count > 0)
        {
            w.WriteStartObject("runtimes");
            foreach (var (rid, fallbacks) in RuntimeFallbacks.For(selfContained[0].Rid))
            {
                w.WriteStartArray(rid);
                foreach (var f in fallbacks) w.WriteStringValue(f);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static void Library(Utf8JsonWriter w, string key, string type)
    {
        w.WriteStartObject(key);
        w.WriteString("type", type);
        w.WriteBoolean("serviceable", false);
        w.WriteString("sha512", "");
        w.WriteEndObject();
    }

    private static void PackageLibrary(Utf8JsonWriter w, AppPackage p)
    {
        var id = p.Package.Id.ToLowerInvariant();
        var version = p.Package.Version.ToNormalizedString().ToLowerInvariant();
        w.WriteStartObject(p.Package.Key);
        w.WriteString("type", "package");
        w.WriteBoolean("serviceable", true);
        w.WriteString("sha512", p.Sha512);
        w.WriteString("path", $"{id}/{version}");
        w.WriteString("hashPath", $"{id}.{version}.nupkg.sha512");
        w.WriteEndObject();
    }

    private static void PackageEntry(Utf8JsonWriter w, AppPackage p, bool portable)
    {
        w.WriteStartObject(p.Package.Key);
        if (p.Dependencies.Count > 0)
        {
            w.WriteStartObject("dependencies");
            foreach (var (id, version) in p.Dependencies) w.WriteString(id, version);
            w.WriteEndObject();
        }
        void Group(string name, IEnumerable<Deps.PackageFile> files, bool withRid)
        {
            var list = files.ToArray();
            if (list.Length == 0) return;
            w.WriteStartObject(name);
            foreach (var f in list)
            {
                w.WriteStartObject(f.PackagePath);
                if (f.Locale is not null)
                    w.WriteString("locale", f.Locale);
                else
                {
                    if (withRid)
                    {
                        w.WriteString("rid", f.Rid);
                        w.WriteString("assetType", f.Native ? "native" : "runtime");
                    }
                    if (f.AssemblyVersion is not null) w.WriteString("assemblyVersion", f.AssemblyVersion);
                    w.WriteString("fileVersion", f.FileVersion);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        Group("runtime", p.Files.Where(f => f.Rid is null && f.Locale is null && !f.Native), false);
        Group("native", p.Files.Where(f => f.Rid is null && f.Native), false);
        if (portable) Group("runtimeTargets", p.Files.Where(f => f.Rid is not null), true);
        Group("resources", p.Files.Where(f => f.Locale is not null), false);
        w.WriteEndObject();
    }

    private static void RuntimePackEntry(Utf8JsonWriter w, RuntimePack pack)
    {
        w.WriteStartObject($"{pack.LibraryName}/{pack.Version}");
        var managed = pack.Files.Where(f => !f.Native).ToArray();
        var native = pack.Files.Where(f => f.Native).ToArray();
        // A single-file app's list leaves out what the bundle drops, and an empty group is not written.
        if (managed.Length > 0)
        {
            w.WriteStartObject("runtime");
            foreach (var f in managed)
            {
                w.WriteStartObject(f.Name);
                w.WriteString("assemblyVersion", f.AssemblyVersion);
                w.WriteString("fileVersion", f.FileVersion);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        if (native.Length > 0)
        {
            w.WriteStartObject("native");
            foreach (var f in native)
            {
                w.WriteStartObject(f.Name);
                w.WriteString("fileVersion", f.FileVersion);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void TargetEntry(Utf8JsonWriter w, AppLibrary lib, bool isApp, IReadOnlyList<RuntimePack> selfContained, Dictionary<string, string> versions)
    {
        w.WriteStartObject($"{lib.Name}/{lib.Version}");
        var packs = isApp ? selfContained : [];
        if (lib.Dependencies.Count + lib.Packages.Count + packs.Count > 0)
        {
            w.WriteStartObject("dependencies");
            var all = lib.Dependencies.Select(d => (Name: d, Version: versions.GetValueOrDefault(d, "1.0.0")))
                .Concat(lib.Packages.Select(p => (Name: p.Id, Version: p.Version.ToNormalizedString())));
            foreach (var (name, version) in all.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase))
                w.WriteString(name, version);
            // The runtime packs follow, in their frameworks' order (Microsoft.NETCore.App first).
            foreach (var pack in packs)
                w.WriteString(pack.LibraryName, pack.Version);
            w.WriteEndObject();
        }
        w.WriteStartObject("runtime");
        w.WriteStartObject(lib.Name + ".dll");
        if (!isApp)
        {
            w.WriteString("assemblyVersion", lib.AssemblyVersion);
            w.WriteString("fileVersion", lib.FileVersion);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        if (lib.Cultures.Count > 0)
        {
            w.WriteStartObject("resources");
            foreach (var culture in lib.Cultures)
            {
                w.WriteStartObject($"{culture}/{lib.Name}.resources.dll");
                w.WriteString("locale", culture);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
            write(writer);
        return stream.ToArray();
    }
}
