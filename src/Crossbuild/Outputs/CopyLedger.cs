using Crossbuild.Cache;

namespace Crossbuild.Outputs;

/// <summary>
/// Remembers, in the build cache, which source each copied output came from and what the copy looked like (size,
/// mtime). A no-op install then skips a package file after one small read instead of comparing its bytes: package
/// files often share sizes and (fixed) timestamps across versions, but a different version is a different source.
/// </summary>
internal sealed class CopyLedger(BuildCache cache)
{
    private const string Fact = "copied-from";

    /// <summary>Whether <paramref name="destination"/> is still the copy of <paramref name="source"/> this ledger recorded.</summary>
    public bool IsCurrent(string source, string destination)
    {
        var info = new FileInfo(destination);
        if (!info.Exists) return false;
        var recorded = cache.Get(Id(destination))?.Facts.FirstOrDefault(f => f.Key == Fact).Value;
        return recorded == Stamp(source, info);
    }

    /// <summary>Records that <paramref name="destination"/> is now a copy of <paramref name="source"/>.</summary>
    public void Record(string source, string destination) =>
        cache.Put(Id(destination), [], [], [new(Fact, Stamp(source, new FileInfo(destination)))]);

    private static string Stamp(string source, FileInfo copy) => $"{Path.GetFullPath(source)} {copy.Length} {copy.LastWriteTimeUtc.Ticks}";

    private static string Id(string destination) =>
        new ActionIdBuilder().Add("action", "install-copy 1").Add("destination", Path.GetFullPath(destination)).Id;
}
