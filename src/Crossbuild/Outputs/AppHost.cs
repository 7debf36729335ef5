using System.Text;
using Crossbuild.Diagnostics;

namespace Crossbuild.Outputs;

/// <summary>
/// Makes an app's native launcher from the SDK's apphost template, as the SDK's HostWriter does: the 64-byte
/// placeholder (the SHA-256 of "foobar" in hex) is replaced by the app's dll path, UTF-8, zero-padded.
/// </summary>
public static class AppHost
{
    /// <summary>The placeholder in the template where the app's path goes.</summary>
    public static readonly byte[] AppPathPlaceholder =
        Encoding.UTF8.GetBytes("c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2");

    /// <summary>The most bytes the launcher reserves for the path.</summary>
    public const int MaxAppPathBytes = 1024;

    /// <summary>Returns a copy of <paramref name="template"/> that launches <paramref name="appPath"/> (relative to the launcher).</summary>
    public static byte[] Create(ReadOnlySpan<byte> template, string appPath, string templateDisplay)
    {
        var path = Encoding.UTF8.GetBytes(appPath);
        if (path.Length > MaxAppPathBytes)
            throw new CrossbuildException($"app path \"{appPath}\" is longer than the launcher's {MaxAppPathBytes}-byte limit");
        var at = template.IndexOf(AppPathPlaceholder);
        if (at < 0 || template[(at + 1)..].IndexOf(AppPathPlaceholder) >= 0)
            throw new CrossbuildException($"{templateDisplay}: not an app host template (expected exactly one app path placeholder)");
        var result = template.ToArray();
        path.CopyTo(result, at);
        // HostWriter zero-fills what is left of the placeholder after a shorter path.
        for (var i = at + path.Length; i < at + AppPathPlaceholder.Length; i++)
            result[i] = 0;
        return result;
    }
}
