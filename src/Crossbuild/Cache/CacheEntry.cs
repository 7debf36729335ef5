using System.Text;
using System.Text.Json;
using Crossbuild.Diagnostics;

namespace Crossbuild.Cache;

/// <summary>An output file recorded in a cache entry: its role, content hash and size.</summary>
/// <param name="Role">What it is, e.g. <c>dll</c>, <c>ref</c> or <c>pdb</c>.</param>
/// <param name="Hash">The SHA-256 of its content.</param>
/// <param name="Size">Its length in bytes.</param>
public sealed record CachedOutput(string Role, string Hash, long Size);

/// <summary>
/// What an action produced: its outputs by content hash, the warnings to replay and free-form facts (such as which
/// indirect references a compile used). Stored as text whose last line is the SHA-256 of the lines before it, so a
/// truncated or altered entry is detected.
/// </summary>
/// <param name="Outputs">The output files.</param>
/// <param name="Diagnostics">Warnings, with paths relative to <see cref="BuildCache"/>'s caller's base.</param>
/// <param name="Facts">Extra key/value facts.</param>
public sealed record CacheEntry(IReadOnlyList<CachedOutput> Outputs, IReadOnlyList<BuildDiagnostic> Diagnostics,
    IReadOnlyList<KeyValuePair<string, string>> Facts)
{
    private const string Header = "crossbuild-cache-entry 1";

    /// <summary>The output with <paramref name="role"/>.</summary>
    public CachedOutput Output(string role) => Outputs.First(o => o.Role == role);

    /// <summary>The serialized form.</summary>
    public byte[] Serialize()
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var o in Outputs)
            sb.Append("output ").Append(o.Role).Append(' ').Append(o.Hash).Append(' ').Append(o.Size).Append('\n');
        foreach (var d in Diagnostics)
            sb.Append("diag ").Append(JsonSerializer.Serialize(d, CacheJson.Default.BuildDiagnostic)).Append('\n');
        foreach (var (k, v) in Facts)
            sb.Append("fact ").Append(JsonSerializer.Serialize(new[] { k, v }, CacheJson.Default.StringArray)).Append('\n');
        var body = sb.ToString();
        return Encoding.UTF8.GetBytes(body + "end " + ContentHash.Of(body) + "\n");
    }

    /// <summary>Parses an entry; null when it is truncated, altered or not an entry at all.</summary>
    public static CacheEntry? TryParse(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var endAt = text.LastIndexOf("end ", StringComparison.Ordinal);
        if (!text.StartsWith(Header + "\n", StringComparison.Ordinal) || endAt < 0 || !text.EndsWith('\n')) return null;
        var body = text[..endAt];
        if (text[(endAt + 4)..^1] != ContentHash.Of(body)) return null;
        var outputs = new List<CachedOutput>();
        var diagnostics = new List<BuildDiagnostic>();
        var facts = new List<KeyValuePair<string, string>>();
        try
        {
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                var space = line.IndexOf(' ');
                var (kind, rest) = (line[..space], line[(space + 1)..]);
                switch (kind)
                {
                    case "output":
                        var p = rest.Split(' ');
                        outputs.Add(new CachedOutput(p[0], p[1], long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)));
                        break;
                    case "diag":
                        diagnostics.Add(JsonSerializer.Deserialize(rest, CacheJson.Default.BuildDiagnostic)!);
                        break;
                    case "fact":
                        var kv = JsonSerializer.Deserialize(rest, CacheJson.Default.StringArray)!;
                        facts.Add(new(kv[0], kv[1]));
                        break;
                    default:
                        return null;
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
        return new CacheEntry(outputs, diagnostics, facts);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(BuildDiagnostic))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class CacheJson : System.Text.Json.Serialization.JsonSerializerContext;
