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
        var loaded = Builder.Load(settings, TargetNeeds.One, "ide");
        if (loaded.Errors.Count > 0)
            throw new CrossbuildException(loaded.Errors[0] + (loaded.Errors.Count > 1 ? $" (and {loaded.Errors.Count - 1} more: crossbuild list shows them)" : ""));
        var target = loaded.Targets[0];
        var module = target.Load.Module;
        var frameworks = target.Units.Units.Select(u => u.Target.Framework).Distinct().ToArray();
        var deps = Deps.DependencyService.Ensure(target.Load, frameworks, settings.Locked || check,
            new Cache.BuildCache(Env.CacheLocation.Resolve(settings.CacheDirectory)));
        var patterns = settings.LoadRequest.Patterns.Count == 0 ? ["./..."] : settings.LoadRequest.Patterns;
        var wanted = target.Matched.Where(Listed).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
        var files = IdeFiles.For(target, wanted, VersionsFrom(deps));
        var state = new State(target.Target.ToString(), Relative(module.Root, settings.WorkingDirectory), patterns,
            IdeFiles.Fingerprint(target, wanted, VersionsFrom(deps)));
        var all = files.Append(new IdeFile(StatePath(module), state.Serialize()))
            .Concat(vscode ? VsCodeFiles.For(module, target.Target, target.Matched.Where(p => wanted.Contains(p.Dir) && p.Kind == PackageKind.Exe)) : [])
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
    /// and the build loaded every package they cover, regenerates what changed. A file without the generated header
    /// is left alone with a notice. Never fails the build.
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
            IReadOnlySet<string> wanted;
            try
            {
                // Usually the build's own patterns, from the same directory: then its match is the one.
                var same = Relative(module.Root, request.WorkingDirectory) == state.Directory && request.Patterns.SequenceEqual(state.Patterns);
                wanted = (same ? target.Matched : PackagePattern.Match(target.Load, state.Patterns, Path.GetFullPath(Path.Combine(module.Root, state.Directory))))
                    .Where(Listed).Select(p => p.Dir).ToHashSet(StringComparer.Ordinal);
            }
            catch (CrossbuildException)
            {
                return; // the patterns no longer match: crossbuild ide says so
            }
            var built = target.Units.Units.Select(u => u.Package.Dir).ToHashSet(StringComparer.Ordinal);
            if (!wanted.IsSubsetOf(built)) return; // this build did not load them all for the target
            // The inputs' digest first: generating is what a no-op build must not pay for.
            var hash = IdeFiles.Fingerprint(target, wanted, VersionsFrom(deps));
            if (hash == state.Hash) return;
            var files = IdeFiles.For(target, wanted, VersionsFrom(deps));
            foreach (var f in files)
            {
                if (File.Exists(f.Path) && !IdeFiles.IsGenerated(File.ReadAllText(f.Path)))
                {
                    reporter.Notice($"ide: {Relative(module.Root, f.Path)} was edited by hand, so it was not updated; crossbuild ide rewrites it");
                    continue;
                }
                AtomicFile.Write(f.Path, Encoding.UTF8.GetBytes(f.Content));
            }
            foreach (var g in Orphans(module, files)) Directory.Delete(Path.GetDirectoryName(g)!, recursive: true);
            AtomicFile.Write(statePath, Encoding.UTF8.GetBytes((state with { Hash = hash }).Serialize()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CrossbuildException)
        {
            reporter.Notice($"ide: the IDE files were not updated: {e.Message.Split('\n')[0]}");
        }
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

    // ide.state: one "key value" line each; read on every build, so no JSON reader is loaded for it.
    private sealed record State(string Target, string Directory, IReadOnlyList<string> Patterns, string Hash)
    {
        public string Serialize() =>
            $"# {IdeFiles.Marker}: what it generated, for build, run and test to keep in step\n" +
            $"target {Target}\ndirectory {Directory}\n" + string.Concat(Patterns.Select(p => $"pattern {p}\n")) + $"hash {Hash}\n";

        public static State? Read(string text)
        {
            string? target = null, directory = null, hash = null;
            var patterns = new List<string>();
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
                    case "hash": hash = value; break;
                }
            }
            return target is null || directory is null || hash is null || patterns.Count == 0 ? null : new State(target, directory, patterns, hash);
        }
    }
}
