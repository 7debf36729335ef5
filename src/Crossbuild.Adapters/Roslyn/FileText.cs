using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Crossbuild.Adapters.Roslyn;

/// <summary>An additional file as generators and analyzers read it: its path and its text as read once.</summary>
/// <param name="path">The file's full path.</param>
/// <param name="text">Its text.</param>
internal sealed class FileText(string path, SourceText text) : AdditionalText
{
    /// <inheritdoc/>
    public override string Path => path;

    /// <inheritdoc/>
    public override SourceText GetText(CancellationToken cancellationToken = default) => text;
}
