using System.Security.Cryptography;
using System.Text;

namespace Crossbuild.Common;

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
