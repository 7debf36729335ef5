using Crossbuild.Common;
using System.Text.Json;
using Crossbuild.Cache;
using Crossbuild.Diagnostics;

namespace Crossbuild.Release;

/// <summary>One file of a release.</summary>
/// <param name="Name">Its file name in the release folder.</param>
/// <param name="Kind"><c>archive</c>, <c>nupkg</c>, <c>snupkg</c> or <c>tool</c>.</param>
/// <param name="Rid">The runtime of an archive; null for packages.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record ReleaseArtifact(string Name, string Kind, string? Rid, long Size, string Sha256);

/// <summary>
/// A release folder's index: <c>SHA256SUMS</c> (<c>sha256sum -c</c> format) and <c>release.json</c> (version,
/// commit, time and every artifact with its runtime, size and hash). Both are written last, so a release folder
/// with them is complete.
/// </summary>
public static class ReleaseIndex
{
    /// <summary>The checksum file's name.</summary>
    public const string Checksums = "SHA256SUMS";

    /// <summary>The index file's name.</summary>
    public const string Json = "release.json";

    /// <summary>Describes <paramref name="path"/> as an artifact.</summary>
    public static ReleaseArtifact Describe(string path, string kind, string? rid) =>
        new(Path.GetFileName(path), kind, rid, new FileInfo(path).Length, ContentHash.Of(File.ReadAllBytes(path)));

    /// <summary>Writes both index files into <paramref name="directory"/>.</summary>
    public static void Write(string directory, ReleaseVersion version, IReadOnlyList<ReleaseArtifact> artifacts)
    {
        var sorted = artifacts.OrderBy(a => a.Name, StringComparer.Ordinal).ToArray();
        Common.AtomicFile.Write(Path.Combine(directory, Checksums),
            System.Text.Encoding.UTF8.GetBytes(string.Concat(sorted.Select(a => $"{a.Sha256}  {a.Name}\n"))));
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("version", version.Version);
            if (version.Commit is not null) w.WriteString("commit", version.Commit);
            w.WriteString("time", version.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartArray("artifacts");
            foreach (var a in sorted)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Name);
                w.WriteString("kind", a.Kind);
                if (a.Rid is not null) w.WriteString("rid", a.Rid);
                w.WriteNumber("size", a.Size);
                w.WriteString("sha256", a.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        Common.AtomicFile.Write(Path.Combine(directory, Json), stream.ToArray());
    }

    /// <summary>Reads a release folder's index (for <c>--merge</c>).</summary>
    public static (ReleaseVersion Version, IReadOnlyList<ReleaseArtifact> Artifacts) Read(string directory)
    {
        var path = Path.Combine(directory, Json);
        if (!File.Exists(path)) throw new CrossbuildException($"release --merge: {directory} has no {Json}; is it a release folder?");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var version = new ReleaseVersion(root.GetProperty("version").GetString()!,
                DateTimeOffset.Parse(root.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                root.TryGetProperty("commit", out var c) ? c.GetString() : null, false);
            var artifacts = root.GetProperty("artifacts").EnumerateArray().Select(a => new ReleaseArtifact(a.GetProperty("name").GetString()!,
                a.GetProperty("kind").GetString()!, a.TryGetProperty("rid", out var r) ? r.GetString() : null,
                a.GetProperty("size").GetInt64(), a.GetProperty("sha256").GetString()!)).ToArray();
            return (version, artifacts);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CrossbuildException($"release --merge: {path} is malformed ({e.Message.Split('\n')[0]})");
        }
    }
}
