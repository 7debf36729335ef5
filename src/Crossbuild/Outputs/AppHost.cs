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

    /// <summary>
    /// Marks a Windows (PE32+) launcher as a GUI app, as HostWriter does for <c>OutputType WinExe</c>: the optional
    /// header's Subsystem goes from 3 (console) to 2 (GUI).
    /// </summary>
    public static void SetWindowsGui(byte[] host, string display)
    {
        const ushort Console = 3, Gui = 2;
        var peOffset = host.Length > 0x40 ? BitConverter.ToInt32(host, 0x3C) : -1;
        if (host.Length < 0x40 || host[0] != 'M' || host[1] != 'Z' || peOffset <= 0 || peOffset + 24 + 70 > host.Length ||
            BitConverter.ToUInt32(host, peOffset) != 0x00004550)
            throw new CrossbuildException($"{display}: not a PE file; cannot make it a Windows GUI app");
        var optional = peOffset + 24;
        var subsystem = optional + 68; // the same offset in PE32 and PE32+ optional headers
        if (BitConverter.ToUInt16(host, subsystem) != Console)
            throw new CrossbuildException($"{display}: the launcher template is not a console app");
        BitConverter.TryWriteBytes(host.AsSpan(subsystem, 2), Gui);
    }

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
