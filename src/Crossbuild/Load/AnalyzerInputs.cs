namespace Crossbuild.Load;

/// <summary>
/// What a package's analyzers and generators read besides its sources, found as the SDK finds them: every
/// <c>.editorconfig</c> and <c>.globalconfig</c> in a directory above one of its source files (up to the file
/// system's root; Roslyn applies <c>root = true</c>), and the files its <c>additionalFiles</c> globs name.
/// </summary>
/// <param name="Configs">The analyzer config files, .editorconfig files first, each group by directory, as csc is given them.</param>
/// <param name="AdditionalFiles">The additional files, in manifest order.</param>
public sealed record AnalyzerInputs(IReadOnlyList<InputFile> Configs, IReadOnlyList<InputFile> AdditionalFiles)
{
    /// <summary>None.</summary>
    public static AnalyzerInputs None { get; } = new([], []);

    /// <summary>Finds the inputs of a package whose sources are <paramref name="sources"/> (full paths).</summary>
    internal static AnalyzerInputs Find(IEnumerable<string> sources, IEnumerable<(ManifestGlob Glob, string BaseDir)> additional, Module module,
        FactsCache? facts, ISet<string> live, Dictionary<string, InputFile?> seen)
    {
        // MSBuild's GetPathsOfAllDirectoriesAbove: a sorted set of every directory above each Compile item.
        var dirs = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in sources)
            for (var d = Path.GetDirectoryName(file); d is not null; d = Path.GetDirectoryName(d))
                if (!dirs.Add(d)) break;
        var configs = new List<InputFile>();
        foreach (var name in new[] { ".editorconfig", ".globalconfig" })
            foreach (var dir in dirs)
                if (Input(Path.Combine(dir, name), module, facts, live, seen) is { } config)
                    configs.Add(config);
        var files = new List<InputFile>();
        foreach (var (glob, baseDir) in additional)
            foreach (var full in SourceGlobs.Files(glob, baseDir, module.Root, "additionalFiles"))
                if (Input(full, module, facts, live, seen) is { } f && !files.Contains(f))
                    files.Add(f);
        return configs.Count == 0 && files.Count == 0 ? None : new AnalyzerInputs(configs, files);
    }

    private static InputFile? Input(string full, Module module, FactsCache? facts, ISet<string> live, Dictionary<string, InputFile?> seen)
    {
        if (seen.TryGetValue(full, out var known)) return known;
        var hash = InputFiles.Hash(full, module.Root, facts, live);
        return seen[full] = hash is { } h ? new InputFile(full, h.Hash) : null;
    }
}
