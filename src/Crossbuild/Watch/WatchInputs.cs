using Crossbuild.Load;

namespace Crossbuild.Watch;

/// <summary>
/// Which file changes can change a build of a module, as the loader sees the tree: sources, manifests and the lock
/// file anywhere the loader looks (not in dot or underscore folders, bin, obj or testdata), analyzer configs, and
/// every other input the last load named (resources, additional files, copied files, included sources elsewhere).
/// Changes in the build's own output folder never count, so a build cannot trigger itself.
/// </summary>
public sealed class WatchInputs
{
    private readonly string _root;
    private readonly string? _output;
    private volatile HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Inputs of the module at <paramref name="moduleRoot"/>, with the build writing into <paramref name="outputDirectory"/> (null: none in the tree).</summary>
    public WatchInputs(string moduleRoot, string? outputDirectory)
    {
        _root = WithSeparator(Path.GetFullPath(moduleRoot));
        _output = outputDirectory is null ? null : WithSeparator(Path.GetFullPath(outputDirectory));
    }

    /// <summary>Learns the inputs of what <paramref name="result"/> loaded (kept when it loaded nothing).</summary>
    public void Learn(BuildResult? result)
    {
        var loaded = result?.Targets.Select(t => t.Loaded).OfType<LoadedTarget>().ToArray() ?? [];
        if (loaded.Length == 0) return;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in loaded.SelectMany(t => t.Load.Packages.Concat(t.Load.Tests)))
        {
            for (var i = 0; i < package.Files.Count; i++) known.Add(package.FullPath(i));
            foreach (var other in package.OtherInputs) known.Add(Path.GetFullPath(other));
        }
        _known = known;
    }

    /// <summary>Whether a change of <paramref name="fullPath"/> can change the build.</summary>
    public bool Matters(string fullPath)
    {
        if (_known.Contains(fullPath)) return true;
        if (!fullPath.StartsWith(_root, StringComparison.Ordinal)) return false;
        if (_output is not null && (fullPath + Path.DirectorySeparatorChar).StartsWith(_output, StringComparison.Ordinal)) return false;
        var segments = fullPath[_root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return true;
        // The folders the loader never enters.
        static bool Skipped(string folder) => folder[0] is '.' or '_' || folder is "bin" or "obj" or "testdata";
        for (var i = 0; i < segments.Length - 1; i++)
            if (Skipped(segments[i])) return false;
        var name = segments[^1];
        if (Directory.Exists(fullPath)) return !Skipped(name); // a folder created or renamed: it may hold a package
        return name.EndsWith(".cs", StringComparison.Ordinal)
            || name.EndsWith(".resx", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".razor", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase)
            || name is ModuleManifest.FileName or Deps.LockFile.FileName or ".editorconfig" or ".globalconfig"
            // Gone, without an extension: it may have been a folder that held a package.
            || (!name.Contains('.') && !File.Exists(fullPath) && !Skipped(name));
    }

    private static string WithSeparator(string dir) => dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar;
}
