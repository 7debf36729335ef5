using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Diagnostics;

namespace Crossbuild.Outputs;

/// <summary>
/// The build information embedded in every executable as <c>[assembly: AssemblyMetadata]</c> pairs, printed by
/// <c>crossbuild version -m</c> in the style of <c>go version -m</c>. Keys start with <c>crossbuild:</c>:
/// <c>crossbuild:version</c>, <c>crossbuild:path</c>, <c>crossbuild:mod</c> and one <c>crossbuild:build</c> per setting.
/// </summary>
public static class BuildInfo
{
    /// <summary>The prefix of build-info keys.</summary>
    public const string Prefix = "crossbuild:";

    /// <summary>The metadata pairs for an executable.</summary>
    /// <param name="module">The module name.</param>
    /// <param name="packageDir">The package's module-relative Dir.</param>
    /// <param name="settings">Settings as <c>key=value</c>, e.g. <c>-runtime=linux-x64</c> and <c>vcs.revision=…</c>.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(string module, string packageDir, IEnumerable<string> settings) =>
    [
        new(Prefix + "version", ToolVersion.Crossbuild),
        new(Prefix + "path", packageDir),
        new(Prefix + "mod", module),
        .. settings.Select(s => new KeyValuePair<string, string>(Prefix + "build", s)),
    ];

    /// <summary>
    /// Reads the <c>AssemblyMetadata</c> pairs of the assembly at <paramref name="path"/>, or of the app a launcher
    /// starts (<c>hello</c> → <c>hello.dll</c>). Returns null when it is not a .NET assembly.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Read(string path)
    {
        if (Directory.Exists(path)) throw new CrossbuildException($"{path}: is a directory");
        if (!File.Exists(path)) throw new CrossbuildException($"{path}: no such file");
        var assembly = path;
        var pairs = ReadAssembly(path);
        if (pairs is null && !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            assembly = (path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path) + ".dll";
            if (File.Exists(assembly)) pairs = ReadAssembly(assembly);
        }
        // The assembly is the same for every RID; a RID-specific deps.json beside it names the runtime.
        if (pairs is not null && RuntimeOf(Path.ChangeExtension(assembly, ".deps.json")) is { } rid)
        {
            // Shown right after the framework, where go version -m shows GOOS/GOARCH among the build settings.
            var list = pairs.ToList();
            var at = list.FindIndex(p => p.Key == Prefix + "build" && p.Value.StartsWith("-framework=", StringComparison.Ordinal));
            list.Insert(at + 1, new(Prefix + "build", "-runtime=" + rid));
            pairs = list;
        }
        return pairs;
    }

    private static string? RuntimeOf(string depsJson)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(depsJson));
            var name = doc.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString();
            var slash = name?.IndexOf('/') ?? -1;
            return slash < 0 ? null : name![(slash + 1)..];
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Formats pairs as <c>go version -m</c> does: a header line, then tab-separated fields.</summary>
    public static string Format(string displayPath, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        string? Get(string key) => pairs.FirstOrDefault(p => p.Key == Prefix + key).Value;
        var lines = new List<string> { $"{displayPath}: crossbuild {Get("version") ?? "(unknown)"}" };
        if (Get("path") is { } dir) lines.Add($"\tpath\t{dir}");
        if (Get("mod") is { } mod) lines.Add($"\tmod\t{mod}");
        lines.AddRange(pairs.Where(p => p.Key == Prefix + "build").Select(p => $"\tbuild\t{p.Value}"));
        lines.AddRange(pairs.Where(p => !p.Key.StartsWith(Prefix, StringComparison.Ordinal)).Select(p => $"\tvalue\t{p.Key}={p.Value}"));
        return string.Join('\n', lines);
    }

    private static IReadOnlyList<KeyValuePair<string, string>>? ReadAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly) return null;
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = md.GetCustomAttribute(handle);
                if (!IsAssemblyMetadata(md, attribute.Constructor)) continue;
                var blob = md.GetBlobReader(attribute.Value);
                if (blob.ReadUInt16() != 1) continue; // the custom attribute prolog
                var key = blob.ReadSerializedString();
                var value = blob.ReadSerializedString();
                if (key is not null) pairs.Add(new(key, value ?? ""));
            }
            return pairs;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static bool IsAssemblyMetadata(MetadataReader md, EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference) return false;
        var parent = md.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference) return false;
        var type = md.GetTypeReference((TypeReferenceHandle)parent);
        return md.GetString(type.Name) == "AssemblyMetadataAttribute" && md.GetString(type.Namespace) == "System.Reflection";
    }
}
