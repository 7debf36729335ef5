using Crossbuild.Constraints;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>
/// The load stage: finds the module's packages, applies build constraints for a target, scans the selected files
/// with the target's preprocessor symbols and infers dependencies from the namespaces each package names.
/// Problems local to a package become that package's <see cref="Package.Error"/>; the others still load.
/// </summary>
public static class Loader
{
    /// <summary>Loads every package of <paramref name="module"/> for <paramref name="target"/>.</summary>
    /// <param name="module">The module.</param>
    /// <param name="target">The target whose tags and symbols select and parse files.</param>
    /// <param name="displayBase">Paths in errors are shown relative to this directory (usually the working directory).</param>
    /// <param name="cacheDirectory">The build cache, whose facts cache spares re-reading unchanged files; null for none.</param>
    /// <param name="tests">Whether to load test files (<c>_test.cs</c>) and make each package's test package
    /// (<see cref="LoadResult.Tests"/>); without it test files are left unread and test-only directories are no packages.</param>
    public static LoadResult Load(Module module, Target target, string displayBase, string? cacheDirectory = null, bool tests = false)
    {
        var discovered = PackageDiscovery.Discover(module.Root);
        var drafts = discovered.Select(d => new Draft(d))
            .Where(d => tests || d.Files.Count > 0 || d.Found.ManifestPath is not null || d.TestFiles.Count == 0)
            .ToArray();
        // A package's defaults are those of the framework it is loaded for (an analyzer's are netstandard2.0's).
        var defaults = module.Manifest.DefaultsFor(target.Framework);

        foreach (var draft in drafts)
        {
            draft.Manifest = PackageManifest.Implicit(defaults);
            if (draft.Found.ManifestPath is { } manifestPath)
            {
                try
                {
                    var json = ManifestJson.Parse(Module.ReadManifest(manifestPath), PathDisplay.Relative(displayBase, manifestPath), Path.GetDirectoryName(manifestPath));
                    draft.Manifest = PackageManifest.Read(json, defaults);
                }
                catch (CrossbuildException e)
                {
                    draft.Fail(e.Message);
                }
            }
        }

        drafts = SelectFiles(drafts, module);
        if (tests) drafts = [.. drafts, .. drafts.Where(d => d.TestFiles.Count > 0).Select(d => d.TestDraft())];
        var facts = cacheDirectory is null
            ? null
            : FactsCache.Open(cacheDirectory, module.Root, [.. target.PreprocessorSymbols, "|", .. target.AllTags.Order(StringComparer.Ordinal)]);
        ReadAndParse(drafts, target, displayBase, facts);
        AssignNames(drafts, module, target);
        var live = drafts.SelectMany(d => d.Files.Select(f => Key(d, f))).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, InputFile?>(StringComparer.Ordinal);
        foreach (var d in drafts.Where(d => d.Error is null))
        {
            try
            {
                d.Resources = Resources.ResourceLoader.Collect(d.Found, d.Manifest, d.Manifest.Settings.RootNamespace ?? d.BaseName, module, facts, live);
                var additional = module.Manifest.Sources.AdditionalFiles.Select(g => (g, module.Root))
                    .Concat(d.Manifest.Sources.AdditionalFiles.Select(g => (g, d.Found.FullDir)));
                d.AnalyzerInputs = AnalyzerInputs.Find(d.Selected.Select(s => Path.GetFullPath(Path.Combine(d.Found.FullDir, s.Path))),
                    additional, module, facts, live, seen);
                if (d.Found.Razor.Count > 0)
                    throw new CrossbuildException($"{(d.Found.Dir == "." ? "" : d.Found.Dir + "/")}{d.Found.Razor[0]}: Razor views and components (.razor, .cshtml) are not supported; Crossbuild compiles C# only");
                d.Copies = Copies(d, module);
            }
            catch (CrossbuildException e)
            {
                d.Fail(e.Message);
            }
        }
        facts?.Save(live);
        InferImports(drafts);
        MarkCycles(drafts);
        MarkTestCycles(drafts);
        return new LoadResult(module, target, drafts.Where(d => d.TestOf is null).Select(d => d.ToPackage()).ToArray())
        {
            Tests = drafts.Where(d => d.TestOf is not null).Select(d => d.ToPackage()).ToArray(),
            CacheProblems = facts?.Problem is { } problem ? [problem] : [],
        };
    }

    // Applies the module's and each package's include/exclude globs. A directory without its own manifest whose
    // every file another package includes is shared source (MSBuild's linked files), not a package.
    private static Draft[] SelectFiles(Draft[] drafts, Module module)
    {
        var moduleGlobs = module.Manifest.Sources;
        var includedBy = new Dictionary<string, HashSet<Draft>>(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            var own = d.Manifest.Sources;
            if (d.Error is not null || moduleGlobs.Include.Count + moduleGlobs.Exclude.Count + own.Include.Count + own.Exclude.Count == 0)
                continue;
            try
            {
                var files = new SortedDictionary<string, string>(StringComparer.Ordinal); // relative → full
                foreach (var f in d.Found.Files.Where(f => !TestFile.Is(f))) files[f] = Path.Combine(d.Found.FullDir, f);
                foreach (var (glob, baseDir) in moduleGlobs.Include.Select(g => (g, module.Root)).Concat(own.Include.Select(g => (g, d.Found.FullDir))))
                    foreach (var full in SourceGlobs.Files(glob, baseDir, module.Root).Where(f => !TestFile.Is(f)))
                    {
                        files[Path.GetRelativePath(d.Found.FullDir, full).Replace('\\', '/')] = full;
                        if (!includedBy.TryGetValue(full, out var by)) includedBy[full] = by = [];
                        by.Add(d);
                    }
                var excludes = moduleGlobs.Exclude.Select(g => (g, module.Root)).Concat(own.Exclude.Select(g => (g, d.Found.FullDir))).ToArray();
                d.Files = files.Where(f => !excludes.Any(x => SourceGlobs.Matches(x.g, x.Item2, module.Root, Path.GetFullPath(f.Value))))
                    .Select(f => f.Key).ToArray();
            }
            catch (CrossbuildException e)
            {
                d.Fail(e.Message);
            }
        }
        if (includedBy.Count == 0) return drafts;
        bool Shared(Draft d) => d.Found.ManifestPath is null && d.Found.Dir != "." && d.Found.Files.Count > 0 &&
            d.Found.Files.All(f => includedBy.TryGetValue(Path.GetFullPath(Path.Combine(d.Found.FullDir, f)), out var by) && by.Any(o => o != d));
        return drafts.Where(d => !Shared(d)).ToArray();
    }

    // The manifest's copy entries, then (for a web package) the Web SDK's content files that no entry placed; two
    // entries sending different files to one place are an error, as two packages doing so are at link time.
    private static CopiedFile[] Copies(Draft d, Module module)
    {
        var copies = new Dictionary<string, CopiedFile>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in d.Manifest.Copies.SelectMany(c => c.Files(d.Found.FullDir, module.Root)))
        {
            if (copies.TryGetValue(c.TargetPath, out var other) && other.FullPath != c.FullPath)
                throw new CrossbuildException($"{d.Found.Dir}: copy sends both {other.FullPath} and {c.FullPath} to {c.TargetPath}");
            copies[c.TargetPath] = c;
        }
        if (d.Manifest.Settings.IsWeb)
            foreach (var c in WebContent.Of(d.Found.FullDir))
                copies.TryAdd(c.TargetPath, c);
        return [.. copies.Values];
    }

    private static string FileName(string rel) => rel[(rel.LastIndexOf('/') + 1)..];

    private static bool FromFacts(Draft draft, string rel, int index, Target target, FactsCache? facts)
    {
        if (facts is null) return false;
        FileInfo info;
        try
        {
            info = new FileInfo(Path.Combine(draft.Found.FullDir, rel));
            if (facts.Get(Key(draft, rel), info) is not { } known) return false;
            var ok = FileNameConstraint.Matches(FileName(rel), target.HasTag) &&
                     (known.Directive is null || ConstraintParser.Parse(known.Directive).Eval(target.HasTag));
            draft.Slots[index] = new FileSlot(rel, ok, ok ? known.Facts : null, Hash: known.Hash);
            return true;
        }
        catch (IOException)
        {
            return false; // read it properly and report what is wrong
        }
    }

    // A package's defines change what its #ifs select, so its facts are its own unless it has none.
    private static string Key(Draft draft, string rel) =>
        (draft.Found.Dir == "." ? rel : draft.Found.Dir + "/" + rel) +
        (draft.Manifest.Settings.Defines.Count == 0 ? "" : "|" + string.Join(';', draft.Manifest.Settings.Defines));

    private static void ReadAndParse(Draft[] drafts, Target target, string displayBase, FactsCache? facts)
    {
        // Files the facts cache knows are settled with a stat each, on this thread; only the rest are read and
        // scanned, in parallel.
        var misses = new List<(Draft draft, string file, int index)>();
        foreach (var draft in drafts)
        {
            // Slots and symbols are made here, before the parallel loop uses them.
            draft.Slots.Initialize();
            draft.Symbols(target);
            for (var index = 0; index < draft.Files.Count; index++)
            {
                var rel = draft.Files[index];
                if (!FromFacts(draft, rel, index, target, facts)) misses.Add((draft, rel, index));
            }
        }
        Parallel.ForEach(misses, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var (draft, rel, index) = item;
            var full = Path.Combine(draft.Found.FullDir, rel);
            var display = PathDisplay.Relative(displayBase, full);
            try
            {
                var info = new FileInfo(full);
                var source = SourceFile.Read(full, display);
                var selected = FileNameConstraint.Matches(FileName(rel), target.HasTag) && (source.Directive?.Expr.Eval(target.HasTag) ?? true);
                var scanned = selected ? SourceFacts.Scan(source.Text, draft.Symbols(target)) : SourceFacts.Empty;
                facts?.Put(Key(draft, rel), info, source.Hash, source.Directive?.Expr.ToString(), scanned);
                draft.Slots[index] = selected
                    ? new FileSlot(rel, true, scanned, Text: source.IsPlainUtf8 ? source.Text : null, Hash: source.Hash)
                    : new FileSlot(rel, false, null);
            }
            catch (CrossbuildException e)
            {
                draft.Slots[index] = new FileSlot(rel, false, null, e.Message);
            }
        });
        foreach (var draft in drafts)
            foreach (var slot in draft.Slots)
                if (slot?.Error is not null)
                {
                    draft.Fail(slot.Error!);
                    break;
                }
    }

    private static void AssignNames(Draft[] drafts, Module module, Target target)
    {
        foreach (var d in drafts)
        {
            if (d.TestOf is { } of)
            {
                // A test assembly is an executable named after its package; its entry point is generated.
                d.BaseName = of.Name;
                d.Kind = PackageKind.Exe;
                d.Name = of.Name + ".Tests";
                if (of.Kind == PackageKind.Analyzer) d.Fail($"{of.Found.Dir}: an analyzer package cannot have tests ({d.TestFiles[0]})");
                if (of.Error is { } error) d.Fail(error);
                continue;
            }
            d.Kind = d.Manifest.Kind ?? (d.Selected.Any(s => s.Facts!.HasEntryPoint) ? PackageKind.Exe : PackageKind.Lib);
            d.Name = d.Manifest.Name ?? PackageNaming.DefaultName(module.Manifest.Name, d.Found.Dir, d.Kind);
            d.BaseName = d.Name;
            if (d.Kind == PackageKind.Exe && !target.Framework.IsNetCoreApp)
                d.Fail($"{d.Found.Dir}: an executable needs a .NET framework (netN.M); {target.Framework} is for libraries");
            if (!PackageNaming.IsValidAssemblyName(d.Name))
                d.Fail($"{d.Found.Dir}: package name \"{d.Name}\" is not a valid assembly name; set \"name\" in the package's {ModuleManifest.FileName}");
        }
        foreach (var group in drafts.Where(d => !d.IsExcluded).GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var dirs = group.Select(d => d.Found.Dir).ToArray();
            foreach (var d in group)
                d.Fail($"duplicate package name \"{d.Name}\" used by {string.Join(" and ", dirs)}");
        }
    }

    // Analyzer packages take no part: their namespaces are the compiler's business, not their users' (a generator
    // may well declare the namespace it generates into), and they cannot use the module's code.
    private static void InferImports(Draft[] drafts)
    {
        var owners = new Dictionary<string, List<Draft>>(StringComparer.Ordinal);
        var segments = new HashSet<string>(StringComparer.Ordinal);
        // Test packages own nothing: no package can import one.
        foreach (var d in drafts.Where(d => d.Kind != PackageKind.Analyzer && d.TestOf is null))
            foreach (var ns in d.Declared)
            {
                if (!owners.TryGetValue(ns, out var list)) owners[ns] = list = [];
                list.Add(d);
                segments.UnionWith(ns.Split('.'));
            }

        foreach (var d in drafts)
        {
            var deps = new SortedSet<string>(StringComparer.Ordinal);
            // The manifest's global usings are uses of every file, as a using directive in each would be.
            var manifestUses = d.Manifest.Settings.Usings.Where(u => !u.Remove).Select(u => new NameUse("", u.Name));
            foreach (var use in d.Selected.SelectMany(s => s.Facts!.Uses).Concat(manifestUses))
            {
                var first = use.Name.IndexOf('.') is var dot and >= 0 ? use.Name[..dot] : use.Name;
                if (!segments.Contains(first)) continue; // cannot name a module namespace
                foreach (var owner in Resolve(use, owners))
                    if (owner != d && owner != d.TestOf) deps.Add(owner.Found.Dir);
            }
            if (d.Kind == PackageKind.Analyzer && deps.Count > 0)
                d.Fail($"{d.Found.Dir}: an analyzer package cannot use the module's packages (it uses {deps.Min}); it builds alone for netstandard2.0");
            d.Imports = d.Kind == PackageKind.Analyzer ? [] : deps.ToArray();
        }
    }

    // C# looks a name up in the enclosing namespaces from the innermost outward; the first namespace that the
    // name's leading segments reach decides. The longest declared namespace prefix names the package(s).
    private static IEnumerable<Draft> Resolve(NameUse use, Dictionary<string, List<Draft>> owners)
    {
        var context = use.Context;
        while (true)
        {
            var full = context.Length == 0 ? use.Name : context + "." + use.Name;
            var minLength = context.Length == 0 ? 0 : context.Length + 1;
            for (var end = full.Length; end > minLength; end = full.LastIndexOf('.', end - 1))
            {
                if (owners.TryGetValue(full[..end], out var list))
                    return list;
                if (end <= 0) break;
            }
            if (context.Length == 0) return [];
            var dot = context.LastIndexOf('.');
            context = dot < 0 ? "" : context[..dot];
        }
    }

    // An in-package test assembly holds its package's sources: if something it imports imports that package, the
    // package's types would be there twice (Go's "import cycle not allowed in test").
    private static void MarkTestCycles(Draft[] drafts)
    {
        var byDir = drafts.Where(d => d.TestOf is null).ToDictionary(d => d.Found.Dir, StringComparer.Ordinal);
        foreach (var test in drafts.Where(d => d.TestOf is { Files.Count: > 0 } && d.Error is null))
        {
            var of = test.TestOf!.Found.Dir;
            var path = new Dictionary<string, string?>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            foreach (var i in test.Imports) if (path.TryAdd(i, null)) queue.Enqueue(i);
            while (queue.Count > 0)
            {
                var dir = queue.Dequeue();
                if (dir == of)
                {
                    var chain = new List<string>();
                    for (string? at = dir; at is not null; at = path[at]) chain.Insert(0, at);
                    test.Fail($"import cycle not allowed in test: {of} (test) → {string.Join(" → ", chain)}");
                    break;
                }
                foreach (var next in byDir.TryGetValue(dir, out var d) ? d.Imports : [])
                    if (path.TryAdd(next, dir)) queue.Enqueue(next);
            }
        }
    }

    private static void MarkCycles(Draft[] drafts)
    {
        drafts = drafts.Where(d => d.TestOf is null).ToArray();
        var graph = drafts.ToDictionary(d => d.Found.Dir, d => d.Imports, StringComparer.Ordinal);
        var byDir = drafts.ToDictionary(d => d.Found.Dir, StringComparer.Ordinal);
        foreach (var cycle in ImportGraph.Cycles(graph))
        {
            var message = "import cycle not allowed: " + string.Join(" → ", cycle);
            foreach (var dir in cycle.Distinct())
                byDir[dir].Fail(message);
        }
    }

    private sealed record FileSlot(string Path, bool Selected, SourceFacts? Facts, string? Error = null, string? Text = null, string? Hash = null);

    private sealed class Draft(DiscoveredPackage found)
    {
        public readonly DiscoveredPackage Found = found;
        private IReadOnlyList<string> _files = found.Files.Where(f => !TestFile.Is(f)).ToArray();

        // The package's own test files (never those included from elsewhere), by name.
        public IReadOnlyList<string> TestFiles = found.Files.Where(TestFile.Is).ToArray();

        // For a test package, the package it tests (its sources are compiled with the test files).
        public Draft? TestOf;

        // The package's name without ".Tests": a test package's resources keep their package's names.
        public string BaseName = "";

        public string Dir => TestOf is null ? Found.Dir : Found.Dir + TestFile.DirSuffix;

        public Draft TestDraft() => new(Found)
        {
            TestOf = this,
            Manifest = Manifest,
            Files = [.. Files, .. TestFiles],
            Error = Error,
        };
        private FileSlot?[]? _slots;

        // The files after include/exclude: relative to the package's directory, "../" for files from elsewhere.
        public IReadOnlyList<string> Files
        {
            get => _files;
            set => (_files, _slots) = (value, null);
        }

        public FileSlot?[] Slots => _slots ??= new FileSlot?[_files.Count];
        public PackageManifest Manifest = null!;
        public PackageKind Kind;
        public string Name = "";
        public IReadOnlyList<string> Imports = [];
        public IReadOnlyList<Resources.EmbeddedResource> Resources = [];
        public AnalyzerInputs AnalyzerInputs = AnalyzerInputs.None;
        public IReadOnlyList<CopiedFile> Copies = [];
        public string? Error;

        public IEnumerable<FileSlot> Selected => Slots.Where(s => s is { Selected: true })!;

        private IReadOnlySet<string>? _symbols;

        // What the scan sees: the target's symbols and the manifest's defines (which constraints never see).
        public IReadOnlySet<string> Symbols(Target target) => _symbols ??= Manifest.Settings.Defines.Count == 0
            ? target.PreprocessorSymbolSet
            : new HashSet<string>(target.PreprocessorSymbols.Concat(Manifest.Settings.Defines), StringComparer.Ordinal);

        public bool IsExcluded => Error is null && !Selected.Any();

        public IEnumerable<string> Declared => Selected.SelectMany(s => s.Facts!.DeclaredNamespaces).Distinct(StringComparer.Ordinal);

        public void Fail(string message) => Error ??= message;

        public Package ToPackage()
        {
            var selected = Selected.ToArray();
            var testFiles = TestFiles.ToHashSet(StringComparer.Ordinal);
            return new Package
            {
                Dir = Dir,
                TestOf = TestOf?.Found.Dir,
                TestFiles = TestOf is null ? TestFiles : selected.Select(s => s.Path).Where(testFiles.Contains).ToArray(),
                FullDir = Found.FullDir,
                Name = Name,
                Kind = Kind,
                Files = selected.Select(s => s.Path).ToArray(),
                Preloaded = selected.Select(s => s.Text).ToArray(),
                Hashes = selected.Select(s => s.Hash!).ToArray(),
                IgnoredFiles = Slots.Where(s => s is { Selected: false, Error: null }).Select(s => s!.Path).ToArray(),
                Imports = Imports,
                Resources = Resources,
                AnalyzerInputs = AnalyzerInputs,
                Copies = Copies,
                Error = Error,
                Manifest = Manifest,
                DeclaredNamespaces = Declared.Order(StringComparer.Ordinal).ToArray(),
                SymbolsRead = selected.SelectMany(s => s.Facts!.SymbolsRead).Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal).ToArray(),
                ConditionalSymbols = selected.SelectMany(s => s.Facts!.ConditionalSymbols).Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal).ToArray(),
            };
        }
    }
}
