using System.Text.Json;
using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>One top-level field of a crossbuild.json with where it is, so errors can name file:line:col.</summary>
internal sealed record ManifestField(string Name, JsonElement Value, int Line, int Column);

/// <summary>Reads a crossbuild.json object field by field, with positions, and typed accessors with clear errors.</summary>
internal sealed class ManifestJson
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private ManifestJson(string displayPath, IReadOnlyList<ManifestField> fields)
    {
        DisplayPath = displayPath;
        Fields = fields;
    }

    /// <summary>The path used in messages.</summary>
    public string DisplayPath { get; }

    /// <summary>The manifest's directory, a full path, which relative paths in it are relative to; null when unknown.</summary>
    public string? Directory { get; private init; }

    /// <summary>The fields in file order.</summary>
    public IReadOnlyList<ManifestField> Fields { get; }

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="CrossbuildException"/> with line and column when malformed.</summary>
    public static ManifestJson Parse(byte[] bytes, string displayPath, string? directory = null)
    {
        Common.TextCheck.JsonStrings(bytes, displayPath, Options);
        var fields = new List<ManifestField>();
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                var (l, c) = Position(bytes, (int)reader.TokenStartIndex);
                throw CrossbuildException.At(displayPath, l, c, "malformed JSON: expected an object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (line, col) = Position(bytes, (int)reader.TokenStartIndex);
                var name = reader.GetString()!;
                if (fields.Any(f => f.Name == name))
                    throw CrossbuildException.At(displayPath, line, col, $"duplicate field \"{name}\"");
                reader.Read();
                fields.Add(new ManifestField(name, JsonElement.ParseValue(ref reader), line, col));
            }
            if (reader.Read())
            {
                var (l, c) = Position(bytes, (int)reader.TokenStartIndex);
                throw CrossbuildException.At(displayPath, l, c, "malformed JSON: unexpected content after the object");
            }
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var col = (int)(e.BytePositionInLine ?? 0) + 1;
            var msg = e.Message;
            var cut = msg.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) msg = msg[..cut];
            // The reader quotes the text it choked on, newlines and all: one line, as every error is.
            msg = msg.ReplaceLineEndings(" ").TrimEnd('.', ' ');
            if (msg.Length > 200) msg = msg[..200] + "…";
            throw CrossbuildException.At(displayPath, line, col, "malformed JSON: " + msg);
        }
        return new ManifestJson(displayPath, fields) { Directory = directory };
    }

    /// <summary>The field called <paramref name="name"/>, if present.</summary>
    public ManifestField? Get(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Throws for the first field not in <paramref name="known"/>.</summary>
    public void RejectUnknown(IReadOnlyCollection<string> known, string what)
    {
        foreach (var f in Fields)
            if (!known.Contains(f.Name))
                throw Error(f, $"unknown field \"{f.Name}\" in {what}; known fields: {string.Join(", ", known)}");
    }

    /// <summary>An error positioned at <paramref name="field"/>.</summary>
    public CrossbuildException Error(ManifestField field, string message) =>
        CrossbuildException.At(DisplayPath, field.Line, field.Column, message);

    /// <summary>A string field's value, or null when absent.</summary>
    public string? String(string name)
    {
        if (Get(name) is not { } f) return null;
        if (f.Value.ValueKind != JsonValueKind.String)
            throw Error(f, $"field \"{name}\" must be a string");
        return f.Value.GetString();
    }

    /// <summary>A boolean field's value, or null when absent.</summary>
    public bool? Bool(string name)
    {
        if (Get(name) is not { } f) return null;
        return f.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(f, $"field \"{name}\" must be true or false"),
        };
    }

    /// <summary>A string-array field's value, or null when absent.</summary>
    public IReadOnlyList<string>? StringArray(string name)
    {
        if (Get(name) is not { } f) return null;
        if (f.Value.ValueKind != JsonValueKind.Array || f.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw Error(f, $"field \"{name}\" must be an array of strings");
        return f.Value.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    /// <summary>A string field restricted to <paramref name="allowed"/> values, or null when absent.</summary>
    public string? OneOf(string name, params string[] allowed)
    {
        var v = String(name);
        if (v is not null && !allowed.Contains(v))
            throw Error(Get(name)!, $"field \"{name}\" must be one of {string.Join(", ", allowed)}, not \"{v}\"");
        return v;
    }

    private static (int Line, int Column) Position(byte[] bytes, int index) => Common.TextCheck.Position(bytes, index);
}
