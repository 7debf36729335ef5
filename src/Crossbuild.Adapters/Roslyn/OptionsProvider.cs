using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Crossbuild.Adapters.Roslyn;

/// <summary>The options generators and analyzers see: global ones, and per file for sources and additional files.</summary>
/// <param name="global">The global options.</param>
/// <param name="forPath">The options of the file at a path.</param>
internal sealed class OptionsProvider(ImmutableDictionary<string, string> global, Func<string, ImmutableDictionary<string, string>> forPath)
    : AnalyzerConfigOptionsProvider
{
    private readonly AnalyzerConfigOptions _global = new ConfigOptions(global);

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GlobalOptions => _global;

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new ConfigOptions(forPath(tree.FilePath));

    /// <inheritdoc/>
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new ConfigOptions(forPath(textFile.Path));

    private sealed class ConfigOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
