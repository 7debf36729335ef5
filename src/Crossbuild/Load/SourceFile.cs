using System.Text;
using Crossbuild.Constraints;
using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>
/// A source file read from disk and decoded exactly as csc decodes it: UTF-8 with or without a byte-order mark,
/// UTF-16 with one, otherwise csc's fallback encoding; with its <c>//build:</c> directive, if any.
/// </summary>
/// <param name="FullPath">The file's full path.</param>
/// <param name="Text">The decoded text, without a byte-order mark.</param>
/// <param name="Directive">The file's build constraint line, if any.</param>
/// <param name="Hash">The SHA-256 of the file's bytes.</param>
public sealed record SourceFile(string FullPath, string Text, BuildDirective? Directive, string Hash)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the file is UTF-8 without a byte-order mark, so that its text re-encodes to its exact bytes.</summary>
    public bool IsPlainUtf8 { get; init; }

    /// <summary>Reads and checks a file; errors name the file and, for bad constraints, the position.</summary>
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
        var (text, plain) = Decode(bytes);
        return new SourceFile(fullPath, text, BuildDirective.Find(text, displayPath), Common.ContentHash.Of(bytes)) { IsPlainUtf8 = plain };
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> as csc does (no <c>/codepage</c>): strict UTF-8 when that succeeds (after a
    /// UTF-8 byte-order mark), else Roslyn's own detection: a UTF-16 or UTF-32 byte-order mark, else its fallback
    /// encoding (as csc reads a Latin-1 file).
    /// </summary>
    public static (string Text, bool PlainUtf8) Decode(byte[] bytes)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var utf16Bom = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (!utf16Bom && System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start)))
            return (StrictUtf8.GetString(bytes, start, bytes.Length - start), start == 0);
        return (SourceTextOf(bytes).ToString(), false);
    }

    /// <summary>The Roslyn text of <paramref name="bytes"/>, decoded and checksummed (SHA-256 of the bytes) as csc does.</summary>
    public static Microsoft.CodeAnalysis.Text.SourceText SourceTextOf(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Microsoft.CodeAnalysis.Text.SourceText.From(stream, encoding: null, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm.Sha256);
    }
}
