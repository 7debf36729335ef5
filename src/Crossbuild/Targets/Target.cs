using Crossbuild.Constraints;

namespace Crossbuild.Targets;

/// <summary>
/// What a package is built for: a framework, a runtime identifier, a configuration and extra tags.
/// Immutable; use the <c>With</c> methods for copies.
/// </summary>
public sealed class Target : IEquatable<Target>
{
    /// <summary>Creates a target. <paramref name="configuration"/> is Debug or Release (any case).</summary>
    public Target(TargetFramework framework, RuntimeId runtime, string configuration, IEnumerable<string>? tags = null)
    {
        Framework = framework;
        Runtime = runtime;
        Configuration = NormalizeConfiguration(configuration);
        ExtraTags = (tags ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var t in ExtraTags)
            if (!ConstraintParser.IsValidTag(t))
                throw new Diagnostics.CrossbuildException($"invalid tag \"{t}\" in --tags: a tag is letters, digits, '_' and '.'");
        AllTags = ComputeTags();
        PreprocessorSymbols = ComputeSymbols();
        PreprocessorSymbolSet = new HashSet<string>(PreprocessorSymbols, StringComparer.Ordinal);
    }

    /// <summary>The target framework.</summary>
    public TargetFramework Framework { get; }

    /// <summary>The runtime identifier.</summary>
    public RuntimeId Runtime { get; }

    /// <summary>The configuration, <c>Debug</c> or <c>Release</c>.</summary>
    public string Configuration { get; }

    /// <summary>The user's <c>--tags</c>, sorted and without duplicates.</summary>
    public IReadOnlyList<string> ExtraTags { get; }

    /// <summary>Every tag that is true for this target.</summary>
    public IReadOnlySet<string> AllTags { get; }

    /// <summary>The C# preprocessor symbols defined for this target, sorted.</summary>
    public IReadOnlyList<string> PreprocessorSymbols { get; }

    /// <summary>
    /// The symbols the .NET SDK itself defines for the framework and configuration (<c>TRACE</c>, <c>DEBUG</c> or
    /// <c>RELEASE</c>, <c>NET</c>, <c>NET10_0</c>, <c>NET5_0_OR_GREATER</c>, …), sorted: those <c>dotnet build</c>
    /// defines too. The rest of <see cref="PreprocessorSymbols"/> comes from the runtime and the tags.
    /// </summary>
    public IReadOnlyList<string> SdkSymbols =>
        [.. new SortedSet<string>(StringComparer.Ordinal) { "TRACE", Configuration.ToUpperInvariant() }.Union(Framework.SdkSymbols()).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The symbols a compile is given: <see cref="SdkSymbols"/>, which the framework and configuration fix, and of
    /// the others only <paramref name="thatMatter"/> (those the sources read). So a compile shared by several
    /// runtimes, or kept in the cache across tag changes, is given exactly what its cache key covers.
    /// </summary>
    public IReadOnlyList<string> CompileSymbols(IEnumerable<string> thatMatter) =>
        [.. SdkSymbols.Union(thatMatter.Where(PreprocessorSymbolSet.Contains)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary><see cref="PreprocessorSymbols"/> as a set.</summary>
    public IReadOnlySet<string> PreprocessorSymbolSet { get; }

    /// <summary>Whether this is a Release build.</summary>
    public bool IsRelease => Configuration == "Release";

    /// <summary>A copy for another runtime.</summary>
    public Target SetRuntime(RuntimeId runtime) => new(Framework, runtime, Configuration, ExtraTags);

    /// <summary>A copy for another configuration.</summary>
    public Target SetConfiguration(string configuration) => new(Framework, Runtime, configuration, ExtraTags);

    /// <summary>A copy with other extra tags.</summary>
    public Target SetTags(IEnumerable<string> tags) => new(Framework, Runtime, Configuration, tags);

    /// <summary>A copy for another framework.</summary>
    public Target SetFramework(TargetFramework framework) => new(framework, Runtime, Configuration, ExtraTags);

    /// <summary>Whether <paramref name="tag"/> is true for this target.</summary>
    public bool HasTag(string tag) => AllTags.Contains(tag);

    /// <summary>Normalises a configuration name to Debug or Release; throws for anything else.</summary>
    public static string NormalizeConfiguration(string configuration) => configuration.ToLowerInvariant() switch
    {
        "debug" => "Debug",
        "release" => "Release",
        _ => throw new Diagnostics.CrossbuildException($"unknown configuration \"{configuration}\"; expected Debug or Release"),
    };

    private HashSet<string> ComputeTags()
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        tags.UnionWith(Runtime.Tags());
        tags.Add(Configuration.ToLowerInvariant());
        foreach (var s in Framework.SdkSymbols()) tags.Add(s.ToLowerInvariant());
        tags.UnionWith(ExtraTags);
        return tags;
    }

    private string[] ComputeSymbols()
    {
        var symbols = new SortedSet<string>(StringComparer.Ordinal) { "TRACE", Configuration.ToUpperInvariant() };
        foreach (var s in Framework.SdkSymbols()) symbols.Add(s);
        foreach (var t in AllTags)
        {
            var upper = t.ToUpperInvariant();
            // A tag such as "386" or "v1.2" is not a C# identifier; it still works in constraints.
            if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(upper))
                symbols.Add(upper);
        }
        return symbols.ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(Target? other) =>
        other is not null && Framework == other.Framework && Runtime == other.Runtime &&
        Configuration == other.Configuration && ExtraTags.SequenceEqual(other.ExtraTags);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Target);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Framework, Runtime, Configuration, string.Join(",", ExtraTags));

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Framework}/{Runtime}/{Configuration}" + (ExtraTags.Count > 0 ? "/" + string.Join(",", ExtraTags) : "");
}
