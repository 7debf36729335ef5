using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>
/// A package as one target compiles it: the package loaded for the framework (and, for an analyzer, the host) that
/// compile is for. A multi-targeted library is one unit per framework.
/// </summary>
/// <param name="Package">The package, as loaded for <see cref="Target"/>.</param>
/// <param name="Load">The module loaded for that target.</param>
public sealed record PackageUnit(Package Package, LoadResult Load)
{
    /// <summary>What the unit compiles for.</summary>
    public Target Target => Load.Target;

    /// <summary>The unit's key in its graph: directory and target.</summary>
    public string Key => Package.Dir + "|" + Target;
}

/// <summary>
/// The one owner of which package compiles for which framework in a target: the matched packages (a library for
/// each of its <c>frameworks</c>, or only the one nearest <c>-f</c>; an executable for one), what each imports at
/// the framework nearest its own, as NuGet picks a ProjectReference's, and the analyzer packages each lists,
/// compiled for netstandard2.0 on the host.
/// </summary>
public sealed class UnitGraph
{
    private readonly Dictionary<string, IReadOnlyList<PackageUnit>> _references;
    private readonly Dictionary<string, IReadOnlyList<PackageUnit>> _analyzers;

    private UnitGraph(IReadOnlyList<PackageUnit> roots, IReadOnlyList<PackageUnit> units, IReadOnlyList<string> errors,
        Dictionary<string, IReadOnlyList<PackageUnit>> references, Dictionary<string, IReadOnlyList<PackageUnit>> analyzers)
    {
        Roots = roots;
        Units = units;
        Errors = errors;
        _references = references;
        _analyzers = analyzers;
    }

    /// <summary>The units the patterns matched.</summary>
    public IReadOnlyList<PackageUnit> Roots { get; }

    /// <summary>Every unit, each after what it imports and the analyzers it loads.</summary>
    public IReadOnlyList<PackageUnit> Units { get; }

    /// <summary>Errors: those of every unit's package, then the graph's own (an incompatible framework, a bad analyzer).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>What <paramref name="unit"/> imports, transitively, dependencies first.</summary>
    public IReadOnlyList<PackageUnit> References(PackageUnit unit) => _references[unit.Key];

    /// <summary>The analyzer packages <paramref name="unit"/> loads, in manifest order.</summary>
    public IReadOnlyList<PackageUnit> Analyzers(PackageUnit unit) => _analyzers[unit.Key];

    /// <summary>The target analyzer packages compile for under <paramref name="target"/>: netstandard2.0 on the host, as a generator project builds.</summary>
    public static Target AnalyzerTarget(Target target) =>
        new(AnalyzerFramework, RidCatalog.Host, target.Configuration, target.ExtraTags);

    /// <summary>The framework analyzers and generators compile for.</summary>
    public static TargetFramework AnalyzerFramework { get; } = TargetFramework.Parse("netstandard2.0");

    /// <summary>Builds the graph of <paramref name="matched"/> in <paramref name="primary"/>.</summary>
    /// <param name="primary">The module loaded for the target.</param>
    /// <param name="matched">The packages the patterns matched.</param>
    /// <param name="explicitFramework">Whether <c>-f</c> named the framework: libraries then build only for the one nearest it.</param>
    /// <param name="loadFor">The module loaded for another target (another framework, or the analyzers').</param>
    public static UnitGraph Build(LoadResult primary, IReadOnlyList<Package> matched, bool explicitFramework, Func<Target, LoadResult> loadFor)
    {
        var target = primary.Target;
        var errors = new List<string>();
        var roots = new List<PackageUnit>();
        LoadResult For(TargetFramework f) => f == target.Framework ? primary : loadFor(target.SetFramework(f));
        foreach (var p in matched)
        {
            if (p.Kind == PackageKind.Analyzer)
            {
                if (loadFor(AnalyzerTarget(target)).ByDir(p.Dir) is { } a) roots.Add(new PackageUnit(a, loadFor(AnalyzerTarget(target))));
                continue;
            }
            var list = p.Settings.Frameworks;
            if (list is null || p.Error is not null)
            {
                roots.Add(new PackageUnit(p, primary));
                continue;
            }
            if (p.Kind == PackageKind.Exe)
            {
                var chosen = list.Contains(target.Framework) ? target.Framework
                    : explicitFramework ? null
                    : list.Where(f => f.IsNetCoreApp).MaxBy(f => f.Version);
                if (chosen is null)
                    errors.Add(explicitFramework
                        ? $"{p.Dir}: -f {target.Framework}: the package's frameworks are {string.Join(", ", list)}"
                        : $"{p.Dir}: an executable needs a .NET framework (netN.M); its frameworks are {string.Join(", ", list)}");
                else
                    roots.Add(Unit(p.Dir, For(chosen)));
                continue;
            }
            if (!explicitFramework)
                roots.AddRange(list.Select(f => Unit(p.Dir, For(f))));
            else if (FrameworkChoice.Nearest(list, target.Framework) is { } nearest)
                roots.Add(Unit(p.Dir, For(nearest)));
            else
                errors.Add($"{p.Dir}: none of its frameworks ({string.Join(", ", list)}) can be used from -f {target.Framework}");
        }

        var references = new Dictionary<string, IReadOnlyList<PackageUnit>>(StringComparer.Ordinal);
        var analyzersOf = new Dictionary<string, IReadOnlyList<PackageUnit>>(StringComparer.Ordinal);
        var order = new List<PackageUnit>();
        var seen = new Dictionary<string, PackageUnit>(StringComparer.Ordinal);
        var packageErrors = new List<string>();
        void Visit(PackageUnit unit)
        {
            if (seen.ContainsKey(unit.Key)) return;
            seen[unit.Key] = unit;
            if (unit.Package.Error is { } error)
            {
                // Its imports may be a cycle; the build stops at the error anyway.
                packageErrors.Add(error);
                (references[unit.Key], analyzersOf[unit.Key]) = ([], []);
                order.Add(unit);
                return;
            }
            var direct = new List<PackageUnit>();
            foreach (var dir in unit.Package.Imports)
            {
                var dep = unit.Load.ByDir(dir)!;
                if (dep.Kind == PackageKind.Analyzer)
                {
                    errors.Add($"{unit.Package.Dir}: uses namespaces of {dir}, an analyzer package; list it under \"analyzers\" instead");
                    continue;
                }
                var framework = dep.Settings.Frameworks is { } frameworks ? FrameworkChoice.Nearest(frameworks, unit.Target.Framework) : unit.Target.Framework;
                if (framework is null)
                {
                    errors.Add($"{unit.Package.Dir} ({unit.Target.Framework}) imports {dir}, whose frameworks ({string.Join(", ", dep.Settings.Frameworks!)}) " +
                               $"include none that {unit.Target.Framework} can use");
                    continue;
                }
                var depUnit = Unit(dir, framework == unit.Target.Framework ? unit.Load : For(framework));
                Visit(depUnit);
                direct.Add(depUnit);
            }
            var analyzers = new List<PackageUnit>();
            foreach (var dir in unit.Package.Manifest.Analyzers)
            {
                var analyzerLoad = loadFor(AnalyzerTarget(target));
                if (analyzerLoad.ByDir(dir) is not { } a)
                    errors.Add($"{unit.Package.Dir}: \"analyzers\" names {dir}, which is not a package of the module");
                else if (a.Kind != PackageKind.Analyzer)
                    errors.Add($"{unit.Package.Dir}: \"analyzers\" names {dir}, which is not an analyzer package; set \"kind\": \"analyzer\" in its {ModuleManifest.FileName}");
                else
                {
                    var analyzer = new PackageUnit(a, analyzerLoad);
                    Visit(analyzer);
                    analyzers.Add(analyzer);
                }
            }
            // Transitive references, dependencies first: each direct import's references, then it.
            var closure = new List<PackageUnit>();
            var inClosure = new HashSet<string>(StringComparer.Ordinal);
            foreach (var d in direct.OrderBy(d => d.Package.Dir, StringComparer.Ordinal))
                foreach (var r in references[d.Key].Append(d))
                    if (inClosure.Add(r.Key)) closure.Add(r);
            references[unit.Key] = closure;
            analyzersOf[unit.Key] = analyzers;
            order.Add(unit);
        }
        foreach (var r in roots) Visit(r);
        return new UnitGraph(roots, order, [.. packageErrors.Distinct(), .. errors.Distinct()], references, analyzersOf);
    }

    private static PackageUnit Unit(string dir, LoadResult load) => new(load.ByDir(dir)!, load);
}
