using Crossbuild.Diagnostics;

namespace Crossbuild.Common;

/// <summary>Writes files so that readers see the old content or the new, never a half-written file.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a temp file beside <paramref name="path"/> and renames it into place.
    /// Leaves an identical existing file untouched, so its mtime does not change.
    /// </summary>
    /// <returns>Whether the file was written (false when it already had this content).</returns>
    public static bool Write(string path, ReadOnlySpan<byte> content, bool executable = false)
    {
        if (Directory.Exists(path))
            throw new CrossbuildException($"build output \"{path}\" already exists and is a directory");
        if (IsSame(path, content, executable)) return false;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                stream.Write(content);
            if (executable && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(temp, ExecutableMode);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CrossbuildException($"cannot write {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="path"/> through a temp file, keeping its mode and mtime;
    /// a destination with the same size and mtime is taken as already copied and left alone, unless
    /// <paramref name="compareContent"/> asks for the bytes to be compared too (NuGet packages are often packed
    /// with fixed timestamps, so two versions of a file can agree on both).
    /// </summary>
    /// <returns>Whether the file was written.</returns>
    public static bool Copy(string source, string path, bool compareContent = false)
    {
        if (Directory.Exists(path))
            throw new CrossbuildException($"build output \"{path}\" already exists and is a directory");
        var from = new FileInfo(source);
        var to = new FileInfo(path);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc == from.LastWriteTimeUtc &&
            (!compareContent || SameBytes(source, path))) return false;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            File.Copy(source, temp);
            File.SetLastWriteTimeUtc(temp, from.LastWriteTimeUtc);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CrossbuildException($"cannot write {path}: {e.Message}");
        }
    }

    /// <summary>rwxr-xr-x, as the SDK leaves an app host.</summary>
    public const UnixFileMode ExecutableMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                               UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                               UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static bool IsSame(string path, ReadOnlySpan<byte> content, bool executable)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != content.Length) return false;
        if (executable && !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) == 0) return false;
        try
        {
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool SameBytes(string a, string b)
    {
        try
        {
            return File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
