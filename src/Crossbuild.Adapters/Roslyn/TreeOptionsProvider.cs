using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Crossbuild.Adapters.Roslyn;

/// <summary>
/// The compiler's per-file severities and generated-code marks, from analyzer-config results per syntax tree, as
/// csc's <c>CompilerSyntaxTreeOptionsProvider</c> gives them.
/// </summary>
/// <param name="options">Each tree's analyzer-config result.</param>
/// <param name="global">The global config's result.</param>
internal sealed class TreeOptionsProvider(Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> options, AnalyzerConfigOptionsResult global) : SyntaxTreeOptionsProvider
{
    /// <inheritdoc/>
    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
        options.TryGetValue(tree, out var o) ? Generated(o.AnalyzerOptions) : GeneratedKind.Unknown;

    /// <inheritdoc/>
    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        if (options.TryGetValue(tree, out var o)) return o.TreeOptions.TryGetValue(diagnosticId, out severity);
        severity = ReportDiagnostic.Default;
        return false;
    }

    /// <inheritdoc/>
    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        if (global.TreeOptions is not null) return global.TreeOptions.TryGetValue(diagnosticId, out severity);
        severity = ReportDiagnostic.Default;
        return false;
    }

    private static GeneratedKind Generated(System.Collections.Immutable.ImmutableDictionary<string, string> options) =>
        options.TryGetValue("generated_code", out var v) && bool.TryParse(v, out var b)
            ? b ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated
            : GeneratedKind.Unknown;
}
