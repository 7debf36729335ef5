using System.Security.Cryptography;
using System.Text;

namespace Crossbuild.Cache;

/// <summary>SHA-256 content hashes, as lower-case hex: the cache's action IDs and output IDs.</summary>
public static class ContentHash
{
    private static int _warm;

    /// <summary>
    /// Starts the platform's SHA-256 (OpenSSL on Linux, about 20 ms to load) on another thread, so that it is
    /// ready by the time the first hash is needed.
    /// </summary>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref _warm, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_ => SHA256.HashData(ReadOnlySpan<byte>.Empty), null);
    }

    /// <summary>The hash of <paramref name="data"/>.</summary>
    public static string Of(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The hash of <paramref name="text"/> encoded as UTF-8.</summary>
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    /// <summary>The hash of the file at <paramref name="path"/>'s content, or <c>missing</c> when there is no such file.</summary>
    public static string OfFileOrMissing(string path) => File.Exists(path) ? Of(File.ReadAllBytes(path)) : "missing";
}

/// <summary>Builds an action ID from labelled lines; the text is kept so that <c>-x</c> and tests can show it.</summary>
public sealed class ActionIdBuilder
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds one input, <c>label value</c>, on its own line.</summary>
    public ActionIdBuilder Add(string label, string value)
    {
        // Values never contain newlines that could forge another input line: escape them.
        _text.Append(label).Append(' ').Append(value.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        return this;
    }

    /// <summary>The inputs as text.</summary>
    public string Text => _text.ToString();

    /// <summary>The action ID: the SHA-256 of the text.</summary>
    public string Id => ContentHash.Of(Text);
}
