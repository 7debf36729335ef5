using Crossbuild.Diagnostics;
using Crossbuild.Load;

namespace Crossbuild.Plan;

/// <summary>Where one executable's files go: a directory, with the launcher under <see cref="AppHostName"/>.</summary>
/// <param name="Package">The executable package.</param>
/// <param name="Directory">The destination directory.</param>
/// <param name="AppHostName">The launcher's file name.</param>
public sealed record AppDestination(Package Package, string Directory, string AppHostName);

/// <summary>
/// Go's rules for where <c>build</c> writes. One executable package goes to <c>./&lt;name&gt;</c>, or to <c>-o</c>.
/// Several packages, or a library, without <c>-o</c>, are compiled and checked but not written. <c>-o DIR</c>
/// (an existing directory, or a path ending in a separator) receives every executable.
/// </summary>
public static class OutputLayout
{
    /// <summary>
    /// Decides the destinations of the executables among <paramref name="matched"/> for <paramref name="target"/>.
    /// A target with an output folder (<c>-r</c>, a matrix, a release) puts its executables in that folder under
    /// the output directory, and then <c>-o</c> always names a directory. A launcher named after its package gets
    /// the target OS's executable suffix (<c>hello.exe</c> for Windows, also for a Windows host without <c>-r</c>);
    /// a file named by <c>-o</c> is written under exactly that name, as <c>go build -o</c> does.
    /// </summary>
    public static IReadOnlyList<AppDestination> Decide(IReadOnlyList<Package> matched, string? output, string workingDirectory,
        ResolvedTarget target)
    {
        var suffix = target.Target.Runtime.ExecutableSuffix;
        var folder = target.Folder;
        string In(string dir) => folder is null ? dir : Path.Combine(dir, folder);
        var exes = matched.Where(p => p.Kind == PackageKind.Exe).ToArray();
        if (output is null)
            return matched.Count == 1 && exes.Length == 1 ? [new AppDestination(exes[0], In(workingDirectory), exes[0].Name + suffix)] : [];

        var full = Path.GetFullPath(Path.Combine(workingDirectory, output));
        var isDir = folder is not null || Directory.Exists(full) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
        if (isDir)
            return exes.Select(p => new AppDestination(p, In(full), p.Name + suffix)).ToArray();
        if (matched.Count > 1)
            throw new CrossbuildException($"-o {output}: cannot write multiple packages to non-directory {output}");
        if (exes.Length == 0)
            throw new CrossbuildException($"-o {output}: {matched[0].Dir} is a library; build writes executables only");
        return [new AppDestination(exes[0], Path.GetDirectoryName(full)!, Path.GetFileName(full))];
    }

    /// <summary>
    /// The files each destination will hold, checked before anything is written: two different files for one
    /// path, or a directory where a file must go, are errors.
    /// </summary>
    public static void Check(IReadOnlyList<AppDestination> destinations, Func<AppDestination, IEnumerable<string>> libraryNames, string workingDirectory)
    {
        var owners = new Dictionary<string, (string Owner, string Role)>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in destinations)
        {
            var files = new List<(string File, string Role)>
            {
                (d.AppHostName, "launcher:" + d.Package.Dir),
                (d.Package.Name + ".dll", "app:" + d.Package.Dir),
                (d.Package.Name + ".pdb", "app:" + d.Package.Dir),
                (d.Package.Name + ".runtimeconfig.json", "app:" + d.Package.Dir),
                (d.Package.Name + ".deps.json", "app:" + d.Package.Dir),
            };
            foreach (var lib in libraryNames(d))
            {
                files.Add((lib + ".dll", "lib:" + lib));
                files.Add((lib + ".pdb", "lib:" + lib));
            }
            foreach (var (file, role) in files)
            {
                var path = Path.Combine(d.Directory, file);
                var shown = PathDisplay.Relative(workingDirectory, path);
                if (Directory.Exists(path))
                    throw new CrossbuildException($"build output \"{shown}\" already exists and is a directory");
                if (owners.TryGetValue(path, out var other) && other.Role != role)
                    throw new CrossbuildException(
                        $"build output \"{shown}\" would be written twice, by {other.Owner} and {d.Package.Dir}");
                owners[path] = (d.Package.Dir, role);
            }
        }
    }
}
