namespace Crossbuild.Load;

/// <summary>A package root found on disk, with every .cs file it owns, before constraints are applied.</summary>
/// <param name="FullDir">The package root, a full path.</param>
/// <param name="Dir">The module-relative, '/'-separated directory ('.' for the root).</param>
/// <param name="ManifestPath">The package's own crossbuild.json, if it has one.</param>
/// <param name="Files">Every .cs file the package owns, relative to <paramref name="Dir"/>, '/'-separated, sorted ordinally.</param>
public sealed record DiscoveredPackage(string FullDir, string Dir, string? ManifestPath, IReadOnlyList<string> Files)
{
    /// <summary>The .resx files it owns, relative to <see cref="Dir"/>, sorted ordinally (the SDK's default EmbeddedResource glob).</summary>
    public IReadOnlyList<string> Resx { get; init; } = [];

    /// <summary>Razor files (.razor, .cshtml) it owns, which Crossbuild does not compile: the loader says so.</summary>
    public IReadOnlyList<string> Razor { get; init; } = [];
}

/// <summary>
/// Walks a module and finds its packages. A directory is a package root when it holds its own crossbuild.json, or
/// when it is the topmost directory on its path that contains .cs files. A package owns the .cs files of its root
/// and of every subdirectory that is not a package root. Directories named bin, obj or testdata are skipped, as is
/// every file or directory whose name starts with '.' or '_'. A nested crossbuild.json with a <c>module</c> field
/// starts another module, which is left out, as Go leaves out nested modules.
/// </summary>
public static class PackageDiscovery
{
    /// <summary>Finds every package of the module rooted at <paramref name="moduleRoot"/>, sorted by Dir.</summary>
    public static IReadOnlyList<DiscoveredPackage> Discover(string moduleRoot)
    {
        var result = new List<DiscoveredPackage>();
        Walk(new DirectoryInfo(moduleRoot), moduleRoot, owner: null, result);
        result.Sort((a, b) => string.CompareOrdinal(a.Dir, b.Dir));
        return result;
    }

    /// <summary>
    /// The files a package rooted at <paramref name="packageDir"/> would own once it has its own crossbuild.json
    /// (what <c>crossbuild init --from</c> compares a project's items with), with Dir '.'.
    /// </summary>
    public static DiscoveredPackage OwnedBy(string packageDir)
    {
        var full = Path.GetFullPath(packageDir);
        var owner = new Builder(full, ".", null);
        Walk(new DirectoryInfo(full), full, owner, []);
        return owner.Build();
    }

    private sealed class Builder(string fullDir, string dir, string? manifest)
    {
        public readonly List<string> Files = [];
        public readonly List<string> Resx = [];
        public readonly List<string> Razor = [];

        public DiscoveredPackage Build()
        {
            Files.Sort(StringComparer.Ordinal);
            Resx.Sort(StringComparer.Ordinal);
            Razor.Sort(StringComparer.Ordinal);
            return new DiscoveredPackage(fullDir, dir, manifest, Files) { Resx = Resx, Razor = Razor };
        }

        public string FullDir => fullDir;
    }

    private static void Walk(DirectoryInfo dir, string moduleRoot, Builder? owner, List<DiscoveredPackage> result)
    {
        var files = new List<string>();
        var resx = new List<string>();
        var razor = new List<string>();
        var subdirs = new List<DirectoryInfo>();
        string? manifest = null;
        foreach (var entry in Entries(dir))
        {
            var name = entry.Name;
            if (name.StartsWith('.') || name.StartsWith('_')) continue;
            if (entry is DirectoryInfo d)
            {
                if (d.LinkTarget is not null) continue; // like Go's ./..., never follow directory links
                if (name is "bin" or "obj" or "testdata") continue;
                subdirs.Add(d);
            }
            else if (name.EndsWith(".cs", StringComparison.Ordinal))
                files.Add(name);
            else if (name.EndsWith(".resx", StringComparison.OrdinalIgnoreCase))
                resx.Add(name);
            else if (name.EndsWith(".razor", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase))
                razor.Add(name);
            else if (name == ModuleManifest.FileName)
                manifest = entry.FullName;
        }

        var isRoot = dir.FullName.TrimEnd(Path.DirectorySeparatorChar) == moduleRoot.TrimEnd(Path.DirectorySeparatorChar);
        if (!isRoot && manifest is not null && DeclaresModule(manifest))
            return; // a nested module

        Builder? mine = null;
        if ((manifest is not null && !isRoot) || (owner is null && files.Count > 0))
        {
            var rel = Path.GetRelativePath(moduleRoot, dir.FullName).Replace('\\', '/');
            mine = new Builder(dir.FullName, rel == "" ? "." : rel, isRoot ? null : manifest);
            owner = mine;
        }

        if (owner is not null)
        {
            var prefix = Path.GetRelativePath(owner.FullDir, dir.FullName).Replace('\\', '/');
            foreach (var f in files)
                owner.Files.Add(prefix == "." ? f : prefix + "/" + f);
            foreach (var f in resx)
                owner.Resx.Add(prefix == "." ? f : prefix + "/" + f);
            foreach (var f in razor)
                owner.Razor.Add(prefix == "." ? f : prefix + "/" + f);
        }

        foreach (var sub in subdirs)
            Walk(sub, moduleRoot, owner, result);

        if (mine is not null)
            result.Add(mine.Build());
    }

    private static FileSystemInfo[] Entries(DirectoryInfo dir)
    {
        try
        {
            return dir.GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Diagnostics.CrossbuildException($"{dir.FullName}: cannot read directory: {e.Message}");
        }
    }

    private static bool DeclaresModule(string manifestPath)
    {
        try
        {
            var json = ManifestJson.Parse(File.ReadAllBytes(manifestPath), manifestPath);
            return json.Get("module") is not null;
        }
        catch (Exception e) when (e is Diagnostics.CrossbuildException or IOException or UnauthorizedAccessException)
        {
            return false; // reported when the package manifest is read
        }
    }
}
