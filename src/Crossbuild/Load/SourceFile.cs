using System.Text;
using Crossbuild.Constraints;
using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>A source file read from disk: strictly valid UTF-8 text and its <c>//build:</c> directive, if any.</summary>
/// <param name="FullPath">The file's full path.</param>
/// <param name="Text">The decoded text, without a byte-order mark.</param>
/// <param name="Directive">The file's build constraint line, if any.</param>
/// <param name="Hash">The SHA-256 of the file's bytes.</param>
public sealed record SourceFile(string FullPath, string Text, BuildDirective? Directive, string Hash)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and checks a file; errors name the file and, for bad bytes or constraints, the position.</summary>
    public static SourceFile Read(string fullPath, string displayPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrossbuildException($"{displayPath}: cannot read file: {e.Message}");
        }
        var text = Decode(bytes, displayPath);
        return new SourceFile(fullPath, text, BuildDirective.Find(text, displayPath), Common.ContentHash.Of(bytes));
    }

    /// <summary>Decodes strict UTF-8, skipping a byte-order mark; invalid bytes are an error at their line and column.</summary>
    public static string Decode(byte[] bytes, string displayPath)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            // Find the first invalid byte's line and column by decoding the valid prefix.
            var prefix = LongestValidPrefix(bytes, start);
            var valid = StrictUtf8.GetString(bytes, start, prefix - start);
            var line = 1 + valid.Count(c => c == '\n');
            var col = valid.Length - (valid.LastIndexOf('\n') + 1) + 1;
            throw CrossbuildException.At(displayPath, line, col, $"file is not valid UTF-8 (byte 0x{bytes[prefix]:X2} at offset {prefix})");
        }
    }

    private static int LongestValidPrefix(byte[] bytes, int start)
    {
        System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(start), new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return start + read;
    }
}
