namespace Crossbuild.Load;

/// <summary>
/// Test files, as Go's <c>_test.go</c>: a <c>.cs</c> file whose name ends in <c>_test.cs</c> is compiled only into its
/// package's test assembly, never by <c>build</c>.
/// </summary>
public static class TestFile
{
    /// <summary>The suffix that makes a file a test file (case-sensitive, as Go's).</summary>
    public const string Suffix = "_test.cs";

    /// <summary>What a test package's <see cref="Package.Dir"/> adds to its package's directory.</summary>
    public const string DirSuffix = " [test]";

    /// <summary>Whether <paramref name="path"/> (a file name or path) names a test file.</summary>
    public static bool Is(string path) =>
        path.EndsWith(Suffix, StringComparison.Ordinal) && path.Length > Suffix.Length && path[^(Suffix.Length + 1)] is not ('/' or '\\');
}
