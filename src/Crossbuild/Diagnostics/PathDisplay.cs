namespace Crossbuild.Diagnostics;

/// <summary>Formats paths for messages: relative to a base directory when inside it, '/'-separated.</summary>
public static class PathDisplay
{
    /// <summary>Returns <paramref name="path"/> relative to <paramref name="baseDir"/> when it lies below it, else the full path.</summary>
    public static string Relative(string baseDir, string path)
    {
        var rel = Path.GetRelativePath(baseDir, path);
        if (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel))
            return path;
        return rel.Replace('\\', '/');
    }
}
