using System.Text.Json;
using Crossbuild.Targets;

namespace Crossbuild.Outputs;

/// <summary>A library an executable uses: its assembly name and the names of the libraries it uses directly.</summary>
/// <param name="Name">The assembly name.</param>
/// <param name="Dependencies">Names of the libraries it references directly.</param>
public sealed record AppLibrary(string Name, IReadOnlyList<string> Dependencies);

/// <summary>Writes an executable's <c>runtimeconfig.json</c> and <c>deps.json</c> byte for byte as the SDK does.</summary>
public static class RuntimeFiles
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The runtimeconfig.json for <paramref name="target"/>: framework-dependent, or with <paramref name="selfContained"/>
    /// the runtime pack it carries (<c>includedFrameworks</c>).
    /// </summary>
    public static byte[] RuntimeConfig(Target target, RuntimePack? selfContained = null) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("runtimeOptions");
        var framework = target.Framework;
        w.WriteString("tfm", framework.Moniker);
        if (selfContained is null)
        {
            w.WriteStartObject("framework");
            w.WriteString("name", "Microsoft.NETCore.App");
            w.WriteString("version", $"{framework.Version.Major}.{framework.Version.Minor}.0");
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("includedFrameworks");
            w.WriteStartObject();
            w.WriteString("name", "Microsoft.NETCore.App");
            w.WriteString("version", selfContained.Version);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartObject("configProperties");
        // The SDK turns hot reload off in optimized builds; its keys are written in ordinal order.
        if (target.IsRelease)
            w.WriteBoolean("System.Reflection.Metadata.MetadataUpdater.IsSupported", false);
        w.WriteBoolean("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// The deps.json of executable <paramref name="app"/> that uses <paramref name="libraries"/>; with
    /// <paramref name="runtime"/> (a build for an explicit RID) in the RID-specific form <c>dotnet build -r</c> writes.
    /// </summary>
    public static byte[] DepsJson(TargetFramework framework, AppLibrary app, IReadOnlyList<AppLibrary> libraries, string? runtime = null,
        RuntimePack? selfContained = null) => Json(w =>
    {
        if (selfContained is not null)
            app = app with { Dependencies = [.. app.Dependencies, selfContained.LibraryName] };
        var portableName = $".NETCoreApp,Version=v{framework.Version}";
        var targetName = runtime is null ? portableName : portableName + "/" + runtime;
        var sorted = libraries.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToArray();
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
        TargetEntry(w, app, isApp: true, selfContained);
        if (selfContained is not null) RuntimePackEntry(w, selfContained);
        foreach (var lib in sorted)
            TargetEntry(w, lib, isApp: false, null);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("libraries");
        Library(w, $"{app.Name}/1.0.0", "project");
        if (selfContained is not null) Library(w, $"{selfContained.LibraryName}/{selfContained.Version}", "runtimepack");
        foreach (var lib in sorted)
            Library(w, $"{lib.Name}/1.0.0", "project");
        w.WriteEndObject();
        if (selfContained is not null)
        {
            w.WriteStartObject("runtimes");
            foreach (var (rid, fallbacks) in RuntimeFallbacks.For(selfContained.Rid))
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

    private static void TargetEntry(Utf8JsonWriter w, AppLibrary lib, bool isApp, RuntimePack? selfContained)
    {
        w.WriteStartObject($"{lib.Name}/1.0.0");
        if (lib.Dependencies.Count > 0)
        {
            w.WriteStartObject("dependencies");
            foreach (var dep in lib.Dependencies.Order(StringComparer.OrdinalIgnoreCase))
                w.WriteString(dep, dep == selfContained?.LibraryName ? selfContained.Version : "1.0.0");
            w.WriteEndObject();
        }
        w.WriteStartObject("runtime");
        w.WriteStartObject(lib.Name + ".dll");
        if (!isApp)
        {
            w.WriteString("assemblyVersion", "1.0.0.0");
            w.WriteString("fileVersion", "1.0.0.0");
        }
        w.WriteEndObject();
        w.WriteEndObject();
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
