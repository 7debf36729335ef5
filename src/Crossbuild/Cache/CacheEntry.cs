using Crossbuild.Common;
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
    private const string HeaderPrefix = "crossbuild-cache-entry ";
    private const string Header = HeaderPrefix + "2";

    /// <summary>Whether <paramref name="bytes"/> is an entry in another version of the format.</summary>
    public static bool IsOtherFormat(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Encoding.ASCII.GetBytes(HeaderPrefix)) && !bytes.StartsWith(Encoding.ASCII.GetBytes(Header + "\n"));

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
        // Facts are read on every no-op build: a plain escaped form, so no JSON serializer has to start up for them.
        foreach (var (k, v) in Facts)
            sb.Append("fact ").Append(Escape(k)).Append('\t').Append(Escape(v)).Append('\n');
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
                        if (JsonSerializer.Deserialize(rest, CacheJson.Default.BuildDiagnostic) is not { } diagnostic) return null;
                        diagnostics.Add(diagnostic);
                        break;
                    case "fact":
                        var tab = rest.IndexOf('\t');
                        if (tab < 0) return null;
                        facts.Add(new(Unescape(rest[..tab]), Unescape(rest[(tab + 1)..])));
                        break;
                    default:
                        return null;
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return null;
        }
        return new CacheEntry(outputs, diagnostics, facts);
    }

    // Backslash, tab and newline escaped, so a fact is one line with one tab.
    private static string Escape(string s) =>
        s.IndexOfAny(['\\', '\t', '\n']) < 0 ? s : s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n");

    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
            sb.Append(s[++i] switch { 't' => '\t', 'n' => '\n', var c => c });
        }
        return sb.ToString();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(BuildDiagnostic))]
internal sealed partial class CacheJson : System.Text.Json.Serialization.JsonSerializerContext;
