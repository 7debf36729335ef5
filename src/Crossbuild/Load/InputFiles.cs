using Crossbuild.Common;
using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>A file a compile reads besides its sources (a resource, an analyzer config, an additional file), by content.</summary>
/// <param name="FullPath">Its full path.</param>
/// <param name="Hash">The SHA-256 of its bytes.</param>
public sealed record InputFile(string FullPath, string Hash);

/// <summary>A file copied into an executable's output folder.</summary>
/// <param name="FullPath">The file.</param>
/// <param name="TargetPath">Its path in the output folder, '/'-separated.</param>
public sealed record CopiedFile(string FullPath, string TargetPath);

/// <summary>
/// Content hashes of a compile's other input files through the loader's facts cache, so that a no-op build stats
/// them instead of reading them. Keys are module-relative when the file is in the module, full paths otherwise (an
/// .editorconfig above the module).
/// </summary>
internal static class InputFiles
{
    /// <summary>
    /// The hash of <paramref name="full"/> and the text stored beside it (<paramref name="extra"/>'s result, computed
    /// from the bytes when they are read), or null when the file does not exist.
    /// </summary>
    public static (string Hash, string Extra)? Hash(string full, string moduleRoot, FactsCache? facts, ISet<string> live, Func<byte[], string>? extra = null)
    {
        var rel = Path.GetRelativePath(moduleRoot, full);
        // A reading with extra text (a .resx's links) has its own entry, apart from a plain one of the same file.
        var key = (extra is null ? "input|" : "input+|") + (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel.Replace('\\', '/'));
        live.Add(key);
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists) return null; // before the facts: a file known once may be gone
            if (facts?.Get(key, info) is { } known) return (known.Hash, known.Directive ?? "");
            var bytes = File.ReadAllBytes(full);
            var hash = ContentHash.Of(bytes);
            var text = extra?.Invoke(bytes) ?? "";
            facts?.Put(key, info, hash, text, SourceFacts.Empty);
            return (hash, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrossbuildException($"{full}: cannot read: {e.Message}");
        }
    }
}
