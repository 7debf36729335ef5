namespace Crossbuild.Constraints;

/// <summary>
/// Go's file-name constraints: after the extension is cut (at the first '.'), <c>name_OS</c>, <c>name_ARCH</c> and
/// <c>name_OS_ARCH</c> constrain the file when OS and ARCH are <see cref="KnownNames"/>. Everything before the first
/// '_' is ignored, so <c>linux.cs</c> is not constrained; a trailing <c>_test</c> is skipped, as in Go.
/// </summary>
public static class FileNameConstraint
{
    /// <summary>The tags the file name requires (zero, one or two), all of which must be true for the file to build.</summary>
    public static IReadOnlyList<string> RequiredTags(string fileName)
    {
        var name = fileName;
        var dot = name.IndexOf('.');
        if (dot >= 0) name = name[..dot];
        var underscore = name.IndexOf('_');
        if (underscore < 0) return [];
        var parts = name[(underscore + 1)..].Split('_');
        var n = parts.Length;
        if (n > 0 && parts[n - 1] == "test") n--;
        if (n >= 2 && KnownNames.OperatingSystems.Contains(parts[n - 2]) && KnownNames.Architectures.Contains(parts[n - 1]))
            return [parts[n - 2], parts[n - 1]];
        if (n >= 1 && (KnownNames.OperatingSystems.Contains(parts[n - 1]) || KnownNames.Architectures.Contains(parts[n - 1])))
            return [parts[n - 1]];
        return [];
    }

    /// <summary>Whether the file name's constraint holds for a target whose tags satisfy <paramref name="isTagSet"/>.</summary>
    public static bool Matches(string fileName, Func<string, bool> isTagSet) =>
        RequiredTags(fileName).All(isTagSet);
}
