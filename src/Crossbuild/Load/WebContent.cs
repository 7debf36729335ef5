namespace Crossbuild.Load;

/// <summary>
/// The files the Web SDK copies next to a web app (<c>"sdk": "web"</c>): every <c>*.json</c> and <c>*.config</c> file
/// of the package (its <c>Content</c> items with <c>CopyToOutputDirectory</c>), except the tooling files the Web SDK
/// leaves out (<c>Properties/launchSettings*.json</c>, service dependencies, publish profiles), <c>packages.lock.json</c>,
/// Crossbuild's own manifests and what is below bin, obj, node_modules and hidden folders; and <c>wwwroot/**</c>,
/// which the SDK copies when it publishes (see docs/web.md).
/// </summary>
internal static class WebContent
{
    private static readonly HashSet<string> SkippedDirs = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "jspm_packages", "bower_components",
    };

    /// <summary>The web content of the package rooted at <paramref name="packageDir"/>, sorted by output path.</summary>
    public static IReadOnlyList<CopiedFile> Of(string packageDir)
    {
        var result = new List<CopiedFile>();
        Walk(new DirectoryInfo(packageDir), "", result, isRoot: true);
        return result.OrderBy(c => c.TargetPath, StringComparer.Ordinal).ToArray();
    }

    private static void Walk(DirectoryInfo dir, string rel, List<CopiedFile> result, bool isRoot)
    {
        // Another package's directory (its own crossbuild.json) is its own; a build's output folder (it holds an
        // app's runtimeconfig.json) is not content, or each build would copy the last one's files.
        if (!isRoot && (File.Exists(Path.Combine(dir.FullName, ModuleManifest.FileName)) || IsOutputFolder(dir))) return;
        FileSystemInfo[] entries;
        try
        {
            entries = dir.GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Diagnostics.CrossbuildException($"{dir.FullName}: cannot read directory: {e.Message}");
        }
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = rel.Length == 0 ? entry.Name : rel + "/" + entry.Name;
            if (entry is DirectoryInfo sub)
            {
                if (entry.Name.StartsWith('.') || entry.Name.StartsWith('_') || SkippedDirs.Contains(entry.Name) || sub.LinkTarget is not null) continue;
                if (isRoot && entry.Name == "wwwroot") AddAll(sub, path, result);
                else Walk(sub, path, result, isRoot: false);
            }
            else if ((entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".config", StringComparison.OrdinalIgnoreCase))
                     && !IsTooling(path) && !IsBuildOutput(entry.Name) && entry.Name is not (ModuleManifest.FileName or Deps.LockFile.FileName or "packages.lock.json")
                     && !entry.Name.StartsWith('.'))
                result.Add(new CopiedFile(entry.FullName, path));
        }
    }

    private static void AddAll(DirectoryInfo dir, string rel, List<CopiedFile> result)
    {
        try
        {
            foreach (var f in dir.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
                result.Add(new CopiedFile(f.FullName, rel + "/" + Path.GetRelativePath(dir.FullName, f.FullName).Replace('\\', '/')));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Diagnostics.CrossbuildException($"{dir.FullName}: cannot read directory: {e.Message}");
        }
    }

    // What a build writes next to an app: never content, wherever it lies.
    private static bool IsBuildOutput(string name) =>
        name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".staticwebassets.endpoints.json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".staticwebassets.runtime.json", StringComparison.OrdinalIgnoreCase);

    private static bool IsOutputFolder(DirectoryInfo dir)
    {
        try
        {
            return dir.EnumerateFiles("*.runtimeconfig.json").Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The Web SDK's _WebToolingArtifacts: never copied.
    private static bool IsTooling(string path) =>
        path.StartsWith("Properties/", StringComparison.OrdinalIgnoreCase) &&
        (Path.GetFileName(path).StartsWith("launchSettings", StringComparison.OrdinalIgnoreCase) ||
         Path.GetFileName(path).StartsWith("serviceDependencies", StringComparison.OrdinalIgnoreCase) ||
         path.StartsWith("Properties/ServiceDependencies/", StringComparison.OrdinalIgnoreCase) ||
         path.StartsWith("Properties/PublishProfiles/", StringComparison.OrdinalIgnoreCase));
}
