using System.IO.Compression;
using Crossbuild.Diagnostics;

namespace Crossbuild.Deps;

/// <summary>
/// Checks a downloaded nupkg before anything of it reaches the global packages folder: it must be a readable zip
/// whose entries all stay inside the folder (no <c>..</c>, no rooted or drive paths, no symbolic links).
/// </summary>
internal static class SafeArchive
{
    private const int UnixFileTypeMask = 0xF000; // S_IFMT
    private const int UnixSymlink = 0xA000;       // S_IFLNK

    /// <summary>Throws a <see cref="CrossbuildException"/> naming <paramref name="what"/> when the archive is unsafe or corrupt.</summary>
    public static void Check(string nupkgPath, string what)
    {
        try
        {
            using var zip = ZipFile.OpenRead(nupkgPath);
            var hasNuspec = false;
            foreach (var entry in zip.Entries)
            {
                if (Unsafe(entry.FullName) is { } why)
                    throw new CrossbuildException($"{what}: refusing the package: entry \"{entry.FullName}\" {why}");
                if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink)
                    throw new CrossbuildException($"{what}: refusing the package: entry \"{entry.FullName}\" is a symbolic link");
                if (!entry.FullName.Contains('/') && entry.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                    hasNuspec = true;
            }
            if (!hasNuspec)
                throw new CrossbuildException($"{what}: corrupt package: no .nuspec at the root of the archive");
        }
        catch (InvalidDataException e)
        {
            throw new CrossbuildException($"{what}: corrupt package: {e.Message}");
        }
    }

    /// <summary>Why <paramref name="name"/> would land outside the extraction folder, or null when it is safe.</summary>
    public static string? Unsafe(string name)
    {
        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':'))
            return "is an absolute path";
        if (normalized.Split('/').Any(part => part == ".."))
            return "leads outside the package folder";
        if (normalized.IndexOf('\0') >= 0)
            return "has a NUL character in its name";
        return null;
    }
}
