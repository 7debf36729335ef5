using System.Text;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Load;

namespace Crossbuild.Ide;

/// <summary>The outcome of <c>crossbuild ide</c>: paths relative to the module root, '/'-separated.</summary>
/// <param name="Solution">The solution editors open.</param>
/// <param name="Written">Files written (with <c>--check</c>: none).</param>
/// <param name="Stale">Files that differ from what would be generated, or would be removed (with <c>--check</c>).</param>
/// <param name="Removed">Projects removed, of packages that are gone.</param>
public sealed record IdeResult(string Solution, IReadOnlyList<string> Written, IReadOnlyList<string> Stale, IReadOnlyList<string> Removed);

/// <summary>
/// Writes, checks and keeps in step the files editors read (<see cref="IdeFiles"/>). What was generated is recorded
/// in <c>.crossbuild/ide/ide.state</c> (the target, the patterns, a digest of what the files reflect), so that a build of the same
/// target regenerates them only when what they reflect changed, at the cost of one small read.
/// </summary>
public static class IdeWorkspace
{
    private const string StateFile = "ide.state";

    /// <summary>
    /// <c>crossbuild ide</c>: writes the files for the packages and the one target <paramref name="settings"/> name,
    /// overwriting hand edits; with <paramref name="check"/>, writes nothing and lists what is stale; with
    /// <paramref name="vscode"/>, also merges VS Code's tasks and launch configurations. Load errors throw before
    /// anything is written.
    /// </summary>
    public static IdeResult Write(CrossbuildSettings settings, bool check, bool vscode = false)
    {
        var loaded = Builder.Load(settings, TargetNeeds.One, "ide", tests: true);
        var target = loaded.Targets[0];
        var errors = target.PackageUnits.Errors.Concat(loaded.Errors).Distinct().ToArray();
        if (errors.Length > 0)
            throw new CrossbuildException(errors[0] + (errors.Length > 1 ? $" (and {errors.Length - 1} more: crossbuild list shows them)" : ""));
        var module = target.Load.Module;
        var frameworks = target.PackageUnits.Units.Concat(target.Units.Units).Select(u => u.Target.Framework).Distinct().ToArray();
        var deps = Deps.DependencyService.Ensure(target.Load, frameworks, settings.Locked || check,
            new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory)));
        var patterns = settings.LoadRequest.Patterns.Count == 0 ? ["./..."] : settings.LoadRequest.Patterns;
        var (projects, digests) = Generate(target, target.Matched, tests: true, deps);
        var files = IdeFiles.For(module, projects, VersionsFrom(deps));
        var state = new State(target.Target.ToString(), Relative(module.Root, settings.WorkingDirectory), patterns, Recorded(module, projects, digests));
        var all = files.Append(new IdeFile(StatePath(module), state.Serialize()))
            .Concat(vscode ? VsCodeFiles.For(module, target.Target, projects.Where(p => !p.IsTest && p.Unit.Package.Kind == PackageKind.Exe).Select(p => p.Unit.Package)) : [])
            .ToArray();
        var stale = all.Where(f => !Same(f)).Select(f => Relative(module.Root, f.Path)).ToList();
        var gone = Orphans(module, files);
        if (check) return new IdeResult(Relative(module.Root, IdeFiles.SolutionPath(module)), [], [.. stale, .. gone.Select(g => Relative(module.Root, g))], []);
        var written = all.Where(f => AtomicFile.Write(f.Path, Encoding.UTF8.GetBytes(f.Content))).Select(f => Relative(module.Root, f.Path)).ToArray();
        foreach (var g in gone) Directory.Delete(Path.GetDirectoryName(g)!, recursive: true);
        return new IdeResult(Relative(module.Root, IdeFiles.SolutionPath(module)), written, [], gone.Select(g => Relative(module.Root, g)).ToArray());
    }

    /// <summary>
    /// After a build's load and package resolution: when the module has IDE files for one of the build's targets
    /// and the build loaded every package they cover, regenerates what changed. A build without tests compares the
    /// packages' projects only and loads the tests when one of those changed; <c>crossbuild test</c> compares the test
    /// assemblies' too. A project whose inputs changed is rewritten, or touched when its text is the same (its glob
    /// matches other files now), so that editors load it again. A file without the generated header is left alone
    /// with a notice. Never fails the build.
    /// </summary>
    internal static void Sync(IReadOnlyList<LoadedTarget> targets, Deps.ModuleDependencies deps, Work.IBuildReporter reporter, LoadRequest request)
    {
        if (targets.Count == 0) return;
        var module = targets[0].Load.Module;
        var statePath = StatePath(module);
        if (!File.Exists(statePath)) return;
        try
        {
            var state = State.Read(File.ReadAllText(statePath));
            if (state is null || targets.FirstOrDefault(t => t.Target.ToString() == state.Target) is not { } target) return;
            var stateDir = Path.GetFullPath(Path.Combine(module.Root, state.Directory));
            // Usually the build's own patterns, from the same directory: then its match is the one.
            var same = Relative(module.Root, request.WorkingDirectory) == state.Directory && request.Patterns.SequenceEqual(state.Patterns);
            IReadOnlyList<Package> matched;
            try
            {
                matched = same ? target.Matched : PackagePattern.Match(target.Load, state.Patterns, stateDir);
            }
            catch (CrossbuildException)
            {
                return; // the patterns no longer match: crossbuild ide says so
            }
            var built = target.PackageUnits.Units.Select(u => u.Package.Dir).ToHashSet(StringComparer.Ordinal);
            foreach (var p in matched)
                if (Listed(p) && !built.Contains(p.Dir)) return; // this build did not load them all for the target
            // The inputs' digests first: generating is what a no-op build must not pay for.
            var tests = same && target.PackageGraph is not null;
            var (projects, digests) = Generate(target, matched, tests, deps);
            var now = Recorded(module, projects, digests);
            if (SameDigests(now, state.Projects, withTests: tests)) return;
            if (!tests && (state.Projects.Values.Any(p => p.Test) || matched.Any(p => p.TestFiles.Count > 0)))
            {
                // A package's project changed: the test assemblies' may have too, and only a load with tests knows them.
                target = ModuleLoad.Reload(target, new LoadRequest(stateDir, state.Patterns, request.Targets, request.CacheDirectory) { Tests = true });
                if (target.PackageUnits.Errors.Concat(target.Units.Errors).Any()) return; // the build reports its own errors
                (projects, digests) = Generate(target, target.Matched, tests: true, deps);
                now = Recorded(module, projects, digests);
            }
            var files = IdeFiles.For(module, projects, VersionsFrom(deps));
            var changed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, project) in now)
                if (state.Projects.GetValueOrDefault(path)?.Digest != project.Digest) changed.Add(Path.GetFullPath(Path.Combine(module.Root, path)));
            foreach (var f in files)
            {
                if (File.Exists(f.Path) && !IdeFiles.IsGenerated(File.ReadAllText(f.Path)))
                {
                    reporter.Notice($"ide: {Relative(module.Root, f.Path)} was edited by hand, so it was not updated; crossbuild ide rewrites it");
                    continue;
                }
                if (!AtomicFile.Write(f.Path, Encoding.UTF8.GetBytes(f.Content)) && changed.Contains(f.Path))
                    File.SetLastWriteTimeUtc(f.Path, DateTime.UtcNow);
            }
            foreach (var g in Orphans(module, files)) Directory.Delete(Path.GetDirectoryName(g)!, recursive: true);
            AtomicFile.Write(statePath, Encoding.UTF8.GetBytes((state with { Projects = now }).Serialize()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CrossbuildException)
        {
            reporter.Notice($"ide: the IDE files were not updated: {e.Message.Split('\n')[0]}");
        }
    }

    // The projects of the listed packages among matched (with their test assemblies when the load has tests) and their digests.
    private static (IReadOnlyList<IdeProject> Projects, IReadOnlyList<string> Digests) Generate(
        LoadedTarget target, IReadOnlyList<Package> matched, bool tests, Deps.ModuleDependencies deps)
    {
        var packages = matched.Where(Listed).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
        var tested = tests ? matched.Where(p => Listed(p) || p.IsTestOnly).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal) : null;
        var projects = IdeFiles.Projects(target, packages, tested);
        return (projects, IdeFiles.Digests(target.Load.Module, projects, VersionsFrom(deps)));
    }

    // Loops rather than LINQ over KeyValuePair or tuples: no generic code for a value type to compile on a no-op build.
    private static Dictionary<string, ProjectState> Recorded(Module module, IReadOnlyList<IdeProject> projects, IReadOnlyList<string> digests)
    {
        var recorded = new Dictionary<string, ProjectState>(projects.Count, StringComparer.Ordinal);
        for (var i = 0; i < projects.Count; i++)
            recorded[Relative(module.Root, projects[i].Path)] = new ProjectState(digests[i], projects[i].IsTest);
        return recorded;
    }

    // Whether now's digests are those recorded, the test assemblies' only when withTests (now has none otherwise).
    private static bool SameDigests(Dictionary<string, ProjectState> now, IReadOnlyDictionary<string, ProjectState> recorded, bool withTests)
    {
        var count = 0;
        foreach (var (path, project) in recorded)
        {
            if (project.Test && !withTests) continue;
            count++;
            if (!now.TryGetValue(path, out var o) || o != project) return false;
        }
        return count == now.Count;
    }

    // Packages that compile: not ones constraints exclude entirely, nor test-only ones.
    private static bool Listed(Package p) => !p.IsExcluded && !p.IsTestOnly && p.TestOf is null;

    // Null when the module has no NuGet packages (no lock file): then nothing asks which packages a package uses.
    private static Func<PackageUnit, string, string?>? VersionsFrom(Deps.ModuleDependencies deps) =>
        deps.Lock is null ? null : (unit, id) => deps.Graph(unit.Target.Framework).Find(id)?.Version.ToNormalizedString();

    private static string StatePath(Module module) => Path.Combine(module.Root, IdeFiles.Folder, StateFile);

    private static bool Same(IdeFile f) => File.Exists(f.Path) && File.ReadAllText(f.Path) == f.Content;

    // Generated projects of packages that are no longer there.
    private static IReadOnlyList<string> Orphans(Module module, IReadOnlyList<IdeFile> files)
    {
        var dir = Path.Combine(module.Root, IdeFiles.Folder);
        if (!Directory.Exists(dir)) return [];
        var kept = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(dir, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !kept.Contains(p) && Path.GetDirectoryName(Path.GetDirectoryName(p)) == dir && IdeFiles.IsGenerated(File.ReadAllText(p)))
            .Order(StringComparer.Ordinal).ToArray();
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private sealed record ProjectState(string Digest, bool Test);

    // ide.state: one "key value" line each; read on every build, so no JSON reader is loaded for it.
    private sealed record State(string Target, string Directory, IReadOnlyList<string> Patterns, IReadOnlyDictionary<string, ProjectState> Projects)
    {
        public string Serialize() =>
            $"# {IdeFiles.Marker}: what it generated, for build, run and test to keep in step\n" +
            $"target {Target}\ndirectory {Directory}\n" + string.Concat(Patterns.Select(p => $"pattern {p}\n")) +
            string.Concat(Projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{(p.Value.Test ? "test" : "project")} {p.Value.Digest} {p.Key}\n"));

        public static State? Read(string text)
        {
            string? target = null, directory = null;
            var patterns = new List<string>();
            var projects = new Dictionary<string, ProjectState>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                var space = line.IndexOf(' ');
                if (line.StartsWith('#') || space < 0) continue;
                var value = line[(space + 1)..];
                switch (line[..space])
                {
                    case "target": target = value; break;
                    case "directory": directory = value; break;
                    case "pattern": patterns.Add(value); break;
                    case "project" or "test" when value.IndexOf(' ') is var gap and > 0:
                        projects[value[(gap + 1)..]] = new ProjectState(value[..gap], line[..space] == "test");
                        break;
                }
            }
            return target is null || directory is null || patterns.Count == 0 ? null : new State(target, directory, patterns, projects);
        }
    }
}
