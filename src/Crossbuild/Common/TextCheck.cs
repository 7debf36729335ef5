using System.Text.Json;
using Crossbuild.Diagnostics;

namespace Crossbuild.Common;

/// <summary>
/// Checks that user files are text the tool can read before any parser sees them: valid UTF-8, and JSON whose
/// strings are valid Unicode (no lone surrogate escapes such as <c>"\ud800"</c>). A failure is one
/// <c>file:line:col</c> error, never a parser's exception.
/// </summary>
public static class TextCheck
{
    /// <summary>Throws a positioned error at the first byte of <paramref name="bytes"/> that is not valid UTF-8.</summary>
    public static void Utf8(ReadOnlySpan<byte> bytes, string displayPath)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
        var index = FirstInvalid(bytes);
        var (line, column) = Position(bytes, index);
        throw CrossbuildException.At(displayPath, line, column, $"text is not valid UTF-8 (byte 0x{bytes[index]:X2})");
    }

    /// <summary>
    /// Throws a positioned error at the first JSON string or property name of <paramref name="bytes"/> that does not
    /// decode to valid Unicode. Malformed JSON is left to the caller's parser, which reports it with its position.
    /// </summary>
    public static void JsonStrings(ReadOnlySpan<byte> bytes, string displayPath, JsonReaderOptions options)
    {
        Utf8(bytes, displayPath);
        var reader = new Utf8JsonReader(bytes, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
                    throw CrossbuildException.At(displayPath, line, column,
                        "string is not valid Unicode (an escape such as \\ud800 that is half of a surrogate pair)");
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser that runs next reports it, with its position.
        }
    }

    // The decoder stops at the first invalid sequence and says how many bytes it read before it.
    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length - 1 : Math.Min(read, bytes.Length - 1);
    }

    /// <summary>The 1-based line and column (in bytes) of <paramref name="index"/>.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> bytes, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        return (line, index - lineStart + 1);
    }
}
