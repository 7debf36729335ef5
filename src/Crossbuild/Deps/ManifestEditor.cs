using Crossbuild.Common;
using System.Text;
using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// Adds or updates an entry of the module manifest's <c>packages</c> section (<c>crossbuild get</c>) by editing the
/// text in place: comments, field order and formatting elsewhere stay as they are. The file is rewritten atomically.
/// </summary>
public static class ManifestEditor
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions Strings = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Sets <paramref name="id"/> to <paramref name="range"/> in <paramref name="module"/>'s manifest; returns the
    /// range it had before, if any. An existing entry keeps its spelling of the ID.
    /// </summary>
    public static string? SetPackage(Module module, string id, VersionRange range)
    {
        var path = Path.Combine(module.Root, ModuleManifest.FileName);
        var text = File.ReadAllText(path);
        var value = JsonSerializer.Serialize(Format(range), Strings);
        var (edited, before) = Edit(text, id, value);
        AtomicFile.Write(path, new UTF8Encoding(false).GetBytes(edited));
        return before;
    }

    /// <summary>How a range is written in crossbuild.json: a bare version for "at least" (the PackageReference meaning), else interval notation.</summary>
    public static string Format(VersionRange range) =>
        range.HasUpperBound || !range.IsMinInclusive ? range.ToNormalizedString() : range.MinVersion!.ToNormalizedString();

    /// <summary>The manifest text with <paramref name="id"/> set to the JSON string <paramref name="value"/>, and the old value.</summary>
    internal static (string Text, string? Before) Edit(string text, string id, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, Options);
        int Offset(long byteIndex) => Encoding.UTF8.GetCharCount(bytes, 0, (int)byteIndex);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new CrossbuildException($"{ModuleManifest.FileName}: expected an object");
            var lastRootValueEnd = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == PackageRequirement.FieldName && reader.TokenType == JsonTokenType.StartObject)
                {
                    var lastEntryEnd = -1;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var entry = reader.GetString()!;
                        reader.Read();
                        var start = Offset(reader.TokenStartIndex);
                        var end = Offset(reader.BytesConsumed);
                        if (string.Equals(entry, id, StringComparison.OrdinalIgnoreCase))
                        {
                            var old = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                            return (text[..start] + value + text[end..], old);
                        }
                        reader.Skip();
                        lastEntryEnd = Offset(reader.BytesConsumed);
                    }
                    // A new entry after the last one, on its own line with that line's indentation.
                    var close = Offset(reader.TokenStartIndex);
                    var indent = IndentOf(text, lastEntryEnd >= 0 ? lastEntryEnd : close) + (lastEntryEnd >= 0 ? "" : "  ");
                    return lastEntryEnd >= 0
                        ? (text[..lastEntryEnd] + ",\n" + indent + JsonSerializer.Serialize(id, Strings) + ": " + value + text[lastEntryEnd..], null)
                        : (text[..close].TrimEnd() + "\n" + indent + JsonSerializer.Serialize(id, Strings) + ": " + value + "\n" + IndentOf(text, close) + text[close..], null);
                }
                reader.Skip();
                lastRootValueEnd = Offset(reader.BytesConsumed);
            }
            // No packages section: add one after the last field.
            var rootClose = Offset(reader.TokenStartIndex);
            var fieldIndent = lastRootValueEnd >= 0 ? IndentOf(text, lastRootValueEnd) : "  ";
            var section = $"\"{PackageRequirement.FieldName}\": {{\n{fieldIndent}  {JsonSerializer.Serialize(id, Strings)}: {value}\n{fieldIndent}}}";
            return lastRootValueEnd >= 0
                ? (text[..lastRootValueEnd] + ",\n" + fieldIndent + section + text[lastRootValueEnd..], null)
                : (text[..rootClose].TrimEnd() + "\n" + fieldIndent + section + "\n" + text[rootClose..], null);
        }
        catch (JsonException e)
        {
            throw new CrossbuildException($"{ModuleManifest.FileName}: malformed JSON: {e.Message}");
        }
    }

    // The leading whitespace of the line that holds position <paramref name="at"/>.
    private static string IndentOf(string text, int at)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = lineStart;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[lineStart..end];
    }
}
