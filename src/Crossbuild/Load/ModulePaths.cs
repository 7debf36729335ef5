using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>
/// Paths a manifest names (release files, readme, icon, …) must stay inside the module: a pull request that edits a
/// manifest must not be able to pack a CI runner's files into a release. Absolute paths and paths that leave the
/// module are refused when the manifest is read; symlinks that point outside it are refused when the file is used.
/// </summary>
public static class ModulePaths
{
    /// <summary>Why <paramref name="relative"/> cannot name a file inside the module; null when it can.</summary>
    public static string? Problem(string relative)
    {
        if (relative.Length == 0) return "is empty";
        if (relative.Contains('\0')) return "contains a NUL character";
        if (Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('\\') || (relative.Length > 1 && relative[1] == ':'))
            return "is an absolute path; name a file inside the module";
        var depth = 0;
        foreach (var part in relative.Split('/', '\\'))
        {
            if (part is "" or ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return "leaves the module";
        }
        return null;
    }

    /// <summary>
    /// The full path of module-relative <paramref name="relative"/> under <paramref name="moduleRoot"/>, after
    /// following symlinks; an error naming <paramref name="what"/> when it is missing or resolves outside the module.
    /// </summary>
    public static string Resolve(string moduleRoot, string relative, string what)
    {
        if (Problem(relative) is { } problem) throw new CrossbuildException($"{what}: {relative} {problem}");
        var path = Path.GetFullPath(Path.Combine(moduleRoot, relative));
        if (!File.Exists(path)) throw new CrossbuildException($"{what}: {relative} does not exist");
        var real = RealPath(path);
        var root = RealPath(moduleRoot);
        if (!real.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new CrossbuildException($"{what}: {relative} is a symlink to {real}, outside the module");
        return path;
    }

    // The path with every symlink along it followed (.NET has no realpath).
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            for (var hops = 0; info.LinkTarget is not null && hops < 40; hops++)
            {
                current = Path.GetFullPath(info.LinkTarget, Path.GetDirectoryName(current)!);
                info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            }
        }
        return current;
    }
}
