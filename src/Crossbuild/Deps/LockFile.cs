using Crossbuild.Common;
using System.Text.Json;
using Crossbuild.Diagnostics;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// <c>crossbuild.lock.json</c>, this tool's go.sum: what was asked for, the versions resolution chose per framework
/// with their dependencies, and the SHA-512 of every nupkg. Written only when resolution changes; verified on every
/// build. Keys are sorted, so the file is stable in review.
/// </summary>
/// <param name="Requested">Package ID to normalized range, as the manifests ask (merged).</param>
/// <param name="Frameworks">The resolved graph of each framework, by short name.</param>
/// <param name="Hashes"><c>id/version</c> (lower case) to <c>sha512-…</c> of the nupkg, as restore records it.</param>
public sealed record LockFile(IReadOnlyDictionary<string, string> Requested, IReadOnlyDictionary<string, ResolvedGraph> Frameworks,
    IReadOnlyDictionary<string, string> Hashes)
{
    /// <summary>The lock file's name, beside the module's crossbuild.json.</summary>
    public const string FileName = "crossbuild.lock.json";

    private const int FormatVersion = 1;

    /// <summary>The hash recorded for <paramref name="package"/>, if any.</summary>
    public string? HashOf(ResolvedPackage package) => Hashes.GetValueOrDefault(HashKey(package));

    /// <summary>The key of <paramref name="package"/> in <see cref="Hashes"/>.</summary>
    public static string HashKey(ResolvedPackage package) => package.Key.ToLowerInvariant();

    /// <summary>Reads the lock file in <paramref name="moduleRoot"/>; null when there is none.</summary>
    public static LockFile? Read(string moduleRoot)
    {
        var path = Path.Combine(moduleRoot, FileName);
        if (!File.Exists(path)) return null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        return Parse(bytes);
    }

    /// <summary>Parses a lock file's bytes; a malformed one is one error naming the file (with a position where there is one).</summary>
    internal static LockFile Parse(byte[] bytes)
    {
        TextCheck.JsonStrings(bytes, FileName, default);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.GetProperty("version").GetInt32() != FormatVersion)
                throw new CrossbuildException($"{FileName}: unsupported version {root.GetProperty("version")}; expected {FormatVersion}");
            var requested = root.GetProperty("requested").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
            var frameworks = new Dictionary<string, ResolvedGraph>(StringComparer.Ordinal);
            foreach (var fw in root.GetProperty("frameworks").EnumerateObject())
                frameworks[fw.Name] = new ResolvedGraph(fw.Name, fw.Value.EnumerateObject().Select(p => new ResolvedPackage(p.Name,
                    NuGetVersion.Parse(p.Value.GetProperty("version").GetString()!),
                    p.Value.TryGetProperty("dependencies", out var deps)
                        ? deps.EnumerateObject().Select(d => new PackageEdge(d.Name, d.Value.GetString()!)).ToArray()
                        : [])).ToArray());
            var hashes = root.GetProperty("sha512").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            return new LockFile(requested, frameworks, hashes);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new CrossbuildException($"{FileName}: malformed lock file ({e.Message.Split('\n')[0].Trim()}); delete it to resolve again");
        }
    }

    /// <summary>The file's bytes: indented JSON with sorted keys.</summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteStartObject("requested");
            foreach (var (id, range) in Requested.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                w.WriteString(id, range);
            w.WriteEndObject();
            w.WriteStartObject("frameworks");
            foreach (var (name, graph) in Frameworks.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(name);
                foreach (var p in graph.Packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
                {
                    w.WriteStartObject(p.Id);
                    w.WriteString("version", p.Version.ToNormalizedString());
                    if (p.Dependencies.Count > 0)
                    {
                        w.WriteStartObject("dependencies");
                        foreach (var d in p.Dependencies.OrderBy(d => d.Id, StringComparer.OrdinalIgnoreCase))
                            w.WriteString(d.Id, d.Range);
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("sha512");
            foreach (var (key, hash) in Hashes.OrderBy(p => p.Key, StringComparer.Ordinal))
                w.WriteString(key, hash);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>Writes the file into <paramref name="moduleRoot"/> atomically, only when its content changed.</summary>
    public bool WriteIfChanged(string moduleRoot) => AtomicFile.Write(Path.Combine(moduleRoot, FileName), Serialize());
}
