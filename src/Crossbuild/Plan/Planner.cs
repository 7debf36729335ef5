using Crossbuild.Deps;
using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Targets;

namespace Crossbuild.Plan;

/// <summary>One target's share of a build: its load, the packages the patterns matched, where its executables go.</summary>
/// <param name="Load">The module loaded for the target.</param>
/// <param name="Matched">The packages the patterns matched.</param>
/// <param name="Destinations">Where its executables are written.</param>
/// <param name="RidSpecific">Whether outputs are RID-specific (<c>-r</c>, a matrix or a release): an explicit flag of
/// the target, never inferred from an output folder.</param>
/// <param name="Units">What compiles for which framework (<see cref="UnitGraph"/>).</param>
public sealed record TargetPlan(LoadResult Load, IReadOnlyList<Package> Matched, IReadOnlyList<AppDestination> Destinations,
    bool RidSpecific, UnitGraph Units)
{
    /// <summary>What its executables are written as (<see cref="ResolvedTarget.Output"/>).</summary>
    public OutputMode Output { get; init; } = OutputMode.Default;
}

/// <summary>The planned actions of a build.</summary>
/// <param name="Roots">Actions whose completion is the build: every compile, link and install.</param>
/// <param name="Compiles">The distinct compile actions.</param>
/// <param name="Installs">The install actions, one per written executable and target.</param>
public sealed record ActionGraph(IReadOnlyList<BuildAction> Roots, IReadOnlyList<CompileAction> Compiles,
    IReadOnlyList<InstallAction> Installs)
{
    /// <summary>Each target's share of the graph, in target order (compile actions may be shared between targets).</summary>
    public IReadOnlyList<TargetActions> Targets { get; init; } = [];
}

/// <summary>The actions that make up one target of a build.</summary>
/// <param name="Target">The target.</param>
/// <param name="Compiles">Its compile actions, dependencies first.</param>
/// <param name="Installs">Its install actions.</param>
public sealed record TargetActions(Target Target, IReadOnlyList<CompileAction> Compiles, IReadOnlyList<InstallAction> Installs);

/// <summary>
/// Turns loaded targets into the action graph: compile every package, link and install executables. A package is
/// compiled once per <em>effective</em> configuration: targets whose compiles have the same identity
/// (<see cref="CompileIdentity"/>) and the same references share one compile action.
/// </summary>
public static class Planner
{
    /// <summary>Plans a build of every target in <paramref name="plans"/>.</summary>
    /// <param name="plans">The loaded targets.</param>
    /// <param name="options">The build's options.</param>
    /// <param name="vcs">The git stamp for executables, when they are stamped.</param>
    /// <param name="referencePacks">Each framework's reference pack version, resolved before planning (by moniker; a
    /// shared framework's by <c>moniker|name</c>).</param>
    /// <param name="deps">The module's NuGet packages.</param>
    public static ActionGraph Plan(IReadOnlyList<TargetPlan> plans, PlanOptions options, VcsStamp? vcs,
        IReadOnlyDictionary<string, string> referencePacks, ModuleDependencies? deps = null)
    {
        deps ??= ModuleDependencies.None;
        var trimRoot = options.TrimPath && plans.Count > 0 ? plans[0].Load.Module.Root : null;

        // Pass 1: a candidate compile per (target, unit) and its ID with the references' and analyzers' IDs standing
        // in for their outputs; and which IDs some written executable contains.
        var candidates = new List<Dictionary<string, (CompileAction Action, string Id)>>();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        var graphs = plans.Select(p => p.Units).ToArray();
        for (var t = 0; t < plans.Count; t++)
        {
            var (plan, units) = (plans[t], graphs[t]);
            var byKey = new Dictionary<string, (CompileAction Action, string Id)>(StringComparer.Ordinal);
            foreach (var unit in units.Units)
            {
                var (package, load) = (unit.Package, unit.Load);
                var closure = units.References(unit);
                var analyzers = units.Analyzers(unit);
                var packages = CompilePackages(deps, package, load);
                var framework = load.Target.Framework;
                var test = package.TestOf is null ? null : Test.TestHarness.For(package, packages, framework);
                var candidate = new CompileAction(package, load.Target, closure.Select(r => byKey[r.Key].Action).ToArray(),
                    Metadata(package, load, options, vcs), trimRoot, needsImplementation: false)
                {
                    Analyzers = analyzers.Select(a => byKey[a.Key].Action).ToArray(),
                    Packages = packages,
                    DirectPackages = DirectPackages(deps, package, load),
                    // Content files reach only the packages whose own requirements bring them, since contentFiles
                    // are private by default (Flags).
                    ContentSources = packages.SelectMany(a => a.ContentCompile).ToArray(),
                    ContentCopies = packages.SelectMany(a => a.ContentCopies).ToArray(),
                    Symbols = package.CompileSymbols(load.Target, closure.Select(r => r.Package)),
                    ReferencePack = referencePacks[framework.Moniker],
                    SharedFrameworks = SharedFrameworks(package, closure, packages).Select(f => (f, referencePacks[framework.Moniker + "|" + f])).ToArray(),
                    Version = options.Version,
                    Test = test,
                };
                byKey[unit.Key] = (candidate, CompileIdentity.WithReferences(candidate.Identity,
                    closure.Select(r => (r.Package.Name, byKey[r.Key].Id)), analyzers.Select(a => (a.Package.Name, byKey[a.Key].Id))));
                // An analyzer's implementation is what its users run.
                if (package.Kind == PackageKind.Analyzer) linked.Add(byKey[unit.Key].Id);
            }
            foreach (var d in plan.Destinations)
            {
                var exe = ExeUnit(units, d);
                foreach (var u in units.References(exe).Append(exe)) linked.Add(byKey[u.Key].Id);
            }
            if (options.KeepLibraries)
                foreach (var u in units.Roots.Where(u => u.Package.Kind == PackageKind.Lib))
                    linked.Add(byKey[u.Key].Id);
            candidates.Add(byKey);
        }

        // Pass 2: one compile action per ID; links and installs per target.
        var shared = new Dictionary<string, CompileAction>(StringComparer.Ordinal);
        var readyToRun = new Dictionary<(BuildAction?, string), ReadyToRunAction>();
        var roots = new List<BuildAction>();
        var installs = new List<InstallAction>();
        var targets = new List<TargetActions>();
        for (var t = 0; t < plans.Count; t++)
        {
            var (plan, units) = (plans[t], graphs[t]);
            var byKey = new Dictionary<string, CompileAction>(StringComparer.Ordinal);
            foreach (var unit in units.Units)
            {
                var (candidate, id) = candidates[t][unit.Key];
                if (!shared.TryGetValue(id, out var action))
                {
                    action = new CompileAction(unit.Package, unit.Target, units.References(unit).Select(r => byKey[r.Key]).ToArray(),
                        candidate.Metadata, trimRoot, linked.Contains(id))
                    {
                        Analyzers = units.Analyzers(unit).Select(a => byKey[a.Key]).ToArray(),
                        Packages = candidate.Packages,
                        DirectPackages = candidate.DirectPackages,
                        ContentSources = candidate.ContentSources,
                        ContentCopies = candidate.ContentCopies,
                        Symbols = candidate.Symbols,
                        ReferencePack = candidate.ReferencePack,
                        SharedFrameworks = candidate.SharedFrameworks,
                        Version = candidate.Version,
                        Test = candidate.Test,
                        Identity = candidate.Identity,
                    };
                    shared[id] = action;
                    roots.Add(action);
                }
                byKey[unit.Key] = action;
            }
            var targetInstalls = new List<InstallAction>();
            foreach (var d in plan.Destinations)
            {
                var exe = ExeUnit(units, d);
                var output = plan.Output;
                // What carries or precompiles for a runtime is RID-specific, as dotnet publish -r makes it.
                var specific = plan.RidSpecific || output.SelfContained || output.SingleFile || output.ReadyToRun || output.Aot;
                var packages = WithHarness(AppPackages(deps, exe, specific), byKey[exe.Key].Test);
                var composite = output.ReadyToRunComposite(exe.Target.Framework);
                var link = new LinkAction(byKey[exe.Key], exe.Target, specific, output.SelfContained, output.SingleFile)
                {
                    EmitGenerated = options.EmitGenerated,
                    Output = output,
                    Packages = packages,
                    // A trimmed app is precompiled after the trim, from what it kept, as the SDK's _ReadyToRunCompileList
                    // takes the ILLink output: the trim action does both.
                    ReadyToRun = output.ReadyToRun && !output.Trim && !composite ? ReadyToRun(byKey[exe.Key], exe.Target, packages, readyToRun, plan.Load.Module.Root) : [],
                    Trim = output.Trim && !output.Aot ? Trim(byKey[exe.Key], exe.Target, packages, output.ReadyToRun, composite, plan.Load.Module.Root) : null,
                    Composite = composite && !output.Trim ? Composite(byKey[exe.Key], exe.Target, packages, plan.Load.Module.Root) : null,
                    Aot = output.Aot ? Aot(byKey[exe.Key], exe.Target, packages, plan.Load.Module.Root) : null,
                };
                var install = new InstallAction(link, d.Directory, d.AppHostName);
                roots.Add(link);
                roots.Add(install);
                installs.Add(install);
                targetInstalls.Add(install);
            }
            targets.Add(new TargetActions(plan.Load.Target, units.Units.Select(u => byKey[u.Key]).ToArray(), targetInstalls));
        }
        // After every install into a directory, what earlier builds wrote there for these executables and this one
        // no longer produces is removed.
        foreach (var group in installs.GroupBy(i => Path.TrimEndingDirectorySeparator(Path.GetFullPath(i.Directory)), StringComparer.Ordinal))
            roots.Add(new PruneAction(group.Key, group.ToArray()));
        return new ActionGraph(roots, shared.Values.ToArray(), installs) { Targets = targets };
    }

    // One trim per app and runtime: what it keeps depends on the whole app.
    private static TrimAction Trim(CompileAction main, Target target, IReadOnlyList<PackageAssets> packages, bool readyToRun, bool composite, string moduleRoot)
    {
        var version = PackVersion(main, target);
        return new TrimAction(main, target, ManagedInputs(packages).Select(m => m.Input).ToArray())
        {
            Roots = main.Package.Manifest.TrimmerRoots,
            Features = FeatureSwitches.TrimmedFor(target.Runtime),
            ReadyToRun = readyToRun,
            Composite = readyToRun && composite,
            Frameworks = [(SharedFramework.NetCore.Name, version), .. main.SharedFrameworks.Select(f => (f.Name, version))],
            ToolVersion = version,
            ConfigRoot = moduleRoot,
        };
    }

    // One composite image per app and runtime: it holds the code of the whole app.
    private static CompositeAction Composite(CompileAction main, Target target, IReadOnlyList<PackageAssets> packages, string moduleRoot)
    {
        var version = PackVersion(main, target);
        return new CompositeAction(main, target, ManagedInputs(packages).Select(m => m.Input).ToArray())
        {
            Frameworks = [(SharedFramework.NetCore.Name, version), .. main.SharedFrameworks.Select(f => (f.Name, version))],
            ToolVersion = version,
            ConfigRoot = moduleRoot,
        };
    }

    // One native compile per app and runtime.
    private static AotAction Aot(CompileAction main, Target target, IReadOnlyList<PackageAssets> packages, string moduleRoot)
    {
        var version = PackVersion(main, target);
        return new AotAction(main, target, ManagedInputs(packages).Select(m => m.Input).ToArray())
        {
            Frameworks = main.SharedFrameworks.Select(f => (f.Name, version)).ToArray(),
            Features = FeatureSwitches.AotFor(target.Runtime),
            ToolVersion = version,
            ConfigRoot = moduleRoot,
        };
    }

    // The version of the native tools' packs and the runtime packs they read: the runtime version this SDK uses for the
    // target's framework, known before planning, so that no cache key needs the network.
    private static string PackVersion(CompileAction main, Target target) => Env.BundledVersions.Runtime(target.Framework) ?? main.ReferencePack;

    // The managed runtime assemblies of an app's packages (not satellites), with what identifies their content.
    private static (string Id, PackageInput Input)[] ManagedInputs(IReadOnlyList<PackageAssets> packages) =>
        packages.SelectMany(p => p.Runtime.Where(f => !f.Native && f.Locale is null && f.OutputPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(f => (p.Package.Id, Input: new PackageInput(f.FullPath, f.OutputPath, $"{p.Package.Id}/{p.Package.Version.ToNormalizedString()} {p.Sha512} {f.PackagePath}"))))
            .ToArray();

    // One precompile per assembly of the app for its runtime, shared with every other app whose copy of the assembly
    // has the same inputs: a project assembly references its own closure and the packages it compiles against, a
    // package assembly the app's other package assemblies.
    private static IReadOnlyList<ReadyToRunAction> ReadyToRun(CompileAction main, Target target, IReadOnlyList<PackageAssets> packages,
        Dictionary<(BuildAction?, string), ReadyToRunAction> shared, string moduleRoot)
    {
        var version = PackVersion(main, target);
        (string, string)[] Frameworks(CompileAction c) =>
            [(SharedFramework.NetCore.Name, version), .. c.SharedFrameworks.Select(f => (f.Name, version))];
        var managed = ManagedInputs(packages);
        ReadyToRunAction Get(BuildAction? key, string detail, Func<ReadyToRunAction> make)
        {
            var k = (key, $"{target.Runtime}|{target.Framework}|{detail}");
            if (!shared.TryGetValue(k, out var action)) shared[k] = action = make();
            return action;
        }
        var actions = new List<ReadyToRunAction>();
        foreach (var compile in main.References.Append(main))
        {
            var ids = compile.Packages.Select(p => p.Package.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var refs = managed.Where(m => ids.Contains(m.Id)).Select(m => m.Input).ToArray();
            actions.Add(Get(compile, string.Join(",", refs.Select(r => r.Identity)), () =>
                new ReadyToRunAction(compile, null, target, compile.References, refs)
                { Frameworks = Frameworks(compile), ToolVersion = version, ConfigRoot = moduleRoot }));
        }
        foreach (var (_, input) in managed)
        {
            var refs = managed.Select(m => m.Input).Where(m => m != input).ToArray();
            actions.Add(Get(null, input.Identity + "|" + string.Join(",", refs.Select(r => r.Identity)), () =>
                new ReadyToRunAction(null, input, target, [], refs) { Frameworks = Frameworks(main), ToolVersion = version, ConfigRoot = moduleRoot }));
        }
        return actions;
    }

    /// <summary>
    /// The shared frameworks beyond Microsoft.NETCore.App that <paramref name="unit"/> compiles against: its own
    /// <c>frameworkReferences</c>, its imports' and its NuGet packages' (their nuspecs' <c>frameworkReferences</c>). The
    /// builder resolves their reference packs before planning.
    /// </summary>
    public static IReadOnlyList<string> SharedFrameworks(PackageUnit unit, UnitGraph units, ModuleDependencies deps) =>
        SharedFrameworks(unit.Package, units.References(unit), CompilePackages(deps, unit.Package, unit.Load));

    private static IReadOnlyList<string> SharedFrameworks(Package package, IReadOnlyList<PackageUnit> closure, IReadOnlyList<PackageAssets> packages) =>
        package.SharedFrameworks(closure.Select(r => r.Package), packages.SelectMany(a => a.FrameworkReferences));

    // The unit an executable's destination builds: the matched executable, for the one framework it builds for.
    private static PackageUnit ExeUnit(UnitGraph units, AppDestination d) =>
        units.Roots.First(u => u.Package.Dir == d.Package.Dir);

    // NuGet packages a compile sees: the closure of what it asks for, compile assets chosen for the framework, as
    // far as includeAssets and the imports' privateAssets leave them.
    private static IReadOnlyList<PackageAssets> CompilePackages(ModuleDependencies deps, Package package, LoadResult load)
    {
        if (deps.Lock is null) return [];
        var flags = deps.Flags(package, load);
        return deps.For(package, load).Select(p => deps.Assets(p, load.Target.Framework, null).Only(flags[p.Id])).ToArray();
    }

    // The packages an executable carries, with their runtime assets for its RID (every RID's, portable).
    private static IReadOnlyList<PackageAssets> AppPackages(ModuleDependencies deps, PackageUnit exe, bool ridSpecific)
    {
        var flags = deps.Flags(exe.Package, exe.Load);
        return deps.For(exe.Package, exe.Load)
            .Select(p => deps.Assets(p, exe.Target.Framework, ridSpecific ? exe.Target.Runtime.Value : null).Only(flags[p.Id])).ToArray();
    }

    // A test assembly's app carries what its framework's build files reference and copy, as runtime files of the
    // package that holds them (deps.json lists them, so the host loads them from the app's folder).
    private static IReadOnlyList<PackageAssets> WithHarness(IReadOnlyList<PackageAssets> packages, Test.TestHarness? test)
    {
        if (test is null) return packages;
        var extra = test.References.Concat(test.Copies.Where(c => c.OutputPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(c => c.FullPath))
            .Distinct(StringComparer.Ordinal).ToArray();
        return packages.Select(p =>
        {
            var folder = Path.TrimEndingDirectorySeparator(p.Folder) + Path.DirectorySeparatorChar;
            var files = extra.Where(f => f.StartsWith(folder, StringComparison.Ordinal)).Select(f =>
            {
                var (assemblyVersion, fileVersion) = Common.AssemblyVersions.Read(f);
                return new PackageFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), f) { AssemblyVersion = assemblyVersion, FileVersion = fileVersion };
            }).Where(f => !p.Runtime.Any(r => string.Equals(r.OutputPath, f.OutputPath, StringComparison.OrdinalIgnoreCase))).ToArray();
            return files.Length == 0 ? p : p with { Runtime = [.. p.Runtime, .. files] };
        }).ToArray();
    }

    // What the module's manifest and the package's ask for; an analyzer package's own only (it builds alone); a test
    // assembly's test packages too.
    private static IEnumerable<PackageRequirement> OwnRequirements(Package package, LoadResult load) =>
        (package.Kind == PackageKind.Analyzer ? [] : load.Module.Manifest.Packages).Concat(package.Manifest.Packages)
            .Concat(ModuleDependencies.TestRequirements(package, load));

    private static IReadOnlyList<ResolvedPackage> DirectPackages(ModuleDependencies deps, Package package, LoadResult load)
    {
        var graph = deps.Graph(load.Target.Framework);
        return OwnRequirements(package, load)
            .Select(r => graph.Find(r.Id)).OfType<ResolvedPackage>()
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Metadata(Package package, LoadResult load, PlanOptions options, VcsStamp? vcs)
    {
        var metadata = package.TestOf is not null
            // What the Testing Platform's build files add to a test application's assembly info.
            ? [new("Microsoft.Testing.Platform.Application", "true")]
            : package.Kind == PackageKind.Exe
            ? BuildInfo.Pairs(load.Module.Manifest.Name, package.Dir, Settings(options, load.Target, vcs)).ToList()
            : new List<KeyValuePair<string, string>>();
        metadata.AddRange(options.Values.Where(v => v.AppliesTo(package)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value)));
        return metadata;
    }

    // The runtime is not among them: an executable's assembly is the same for every RID (the launcher and a
    // RID-specific deps.json, which version -m reads, carry it).
    private static IEnumerable<string> Settings(PlanOptions options, Target target, VcsStamp? vcs)
    {
        yield return $"-framework={target.Framework}";
        yield return $"-configuration={target.Configuration}";
        if (target.ExtraTags.Count > 0) yield return $"-tags={string.Join(',', target.ExtraTags)}";
        if (options.TrimPath) yield return "-trimpath=true";
        yield return $"roslyn={ToolVersion.Roslyn}";
        if (vcs is not null)
            foreach (var s in vcs.Settings())
                yield return s;
    }
}
