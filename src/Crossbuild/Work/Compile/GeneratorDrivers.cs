using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The source generator drivers of a process's recent compiles, one per package and parse options, so that in a warm
/// process (the build server, <c>watch</c>) incremental generators do incremental work: a driver that ran on the
/// package's last compilation compares its inputs with the new one and redoes only what changed. A driver is reused
/// only with the same generator instances, parse options and base folder; its analyzer config options and additional
/// files are always replaced with this compile's. A compile takes its package's driver and gives it back after the
/// run, so two compiles never share one. Bounded in number; <see cref="WarmCaches.Trim"/> empties it.
/// </summary>
internal static class GeneratorDrivers
{
    private const int MaxKept = 64;

    private sealed record Kept(ISourceGenerator[] Generators, CSharpParseOptions Options, string BaseDirectory, GeneratorDriver Driver);

    private static readonly Dictionary<(string Package, CSharpParseOptions Options), Kept> Drivers = new();
    private static readonly Lock Gate = new();

    /// <summary>A driver for this compile: the package's last one brought up to date, or a new one.</summary>
    public static GeneratorDriver Take(string packageDir, ISourceGenerator[] generators, ImmutableArray<AdditionalText> additionalTexts,
        CSharpParseOptions parseOptions, AnalyzerConfigOptionsProvider options, string baseDirectory)
    {
        Kept? kept;
        lock (Gate)
            if (Drivers.Remove((packageDir, parseOptions), out kept) && !Reusable(kept, generators, baseDirectory))
                kept = null;
        if (kept is not null)
            return kept.Driver.WithUpdatedAnalyzerConfigOptions(options).ReplaceAdditionalTexts(additionalTexts);
        return CSharpGeneratorDriver.Create(generators,
            additionalTexts: additionalTexts,
            parseOptions: parseOptions,
            optionsProvider: options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false,
                baseDirectory: baseDirectory));
    }

    /// <summary>Keeps <paramref name="driver"/> (after its run) for the package's next compile; a driver without generators is not worth keeping.</summary>
    public static void Give(string packageDir, ISourceGenerator[] generators, CSharpParseOptions parseOptions, string baseDirectory, GeneratorDriver driver)
    {
        if (generators.Length == 0 || !WarmCaches.Enabled) return;
        lock (Gate)
        {
            if (Drivers.Count >= MaxKept) Drivers.Clear(); // past the bound: start over
            Drivers[(packageDir, parseOptions)] = new Kept(generators, parseOptions, baseDirectory, driver);
        }
    }

    /// <summary>Drops every kept driver.</summary>
    public static void Clear()
    {
        lock (Gate) Drivers.Clear();
    }

    /// <summary>How many drivers are kept.</summary>
    public static int Count
    {
        get { lock (Gate) return Drivers.Count; }
    }

    private static bool Reusable(Kept kept, ISourceGenerator[] generators, string baseDirectory) =>
        kept.BaseDirectory == baseDirectory && kept.Generators.Length == generators.Length
        && kept.Generators.Zip(generators).All(p => ReferenceEquals(p.First, p.Second));
}
