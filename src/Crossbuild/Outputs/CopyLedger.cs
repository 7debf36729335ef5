using Crossbuild.Common;
using Crossbuild.Cache;

namespace Crossbuild.Outputs;

/// <summary>
/// Remembers, in the build cache, which source each copied output in one directory came from and what the copy
/// looked like (size, mtime). A no-op install then skips package files after one small read for the whole
/// directory instead of comparing bytes: package files often share sizes and (fixed) timestamps across versions,
/// but a different version is a different source.
/// </summary>
internal sealed class CopyLedger(BuildCache cache, string directory)
{
    private readonly string _id = new ActionIdBuilder().Add("action", "install-copies 1").Add("directory", Path.GetFullPath(directory)).Id;
    private Dictionary<string, string>? _stamps;
    private bool _changed;

    private Dictionary<string, string> Stamps => _stamps ??=
        (cache.Get(_id)?.Facts ?? []).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="destination"/> is still the copy of <paramref name="source"/> this ledger recorded.</summary>
    public bool IsCurrent(string source, string destination)
    {
        var info = new FileInfo(destination);
        return info.Exists && Stamps.TryGetValue(Path.GetFullPath(destination), out var recorded) && recorded == Stamp(source, info);
    }

    /// <summary>Records that <paramref name="destination"/> is now a copy of <paramref name="source"/>.</summary>
    public void Record(string source, string destination)
    {
        Stamps[Path.GetFullPath(destination)] = Stamp(source, new FileInfo(destination));
        _changed = true;
    }

    /// <summary>Stores what was recorded, if anything changed.</summary>
    public void Save()
    {
        if (!_changed) return;
        cache.Put(_id, [], [], Stamps.OrderBy(s => s.Key, StringComparer.Ordinal).ToArray());
        _changed = false;
    }

    private static string Stamp(string source, FileInfo copy) => $"{Path.GetFullPath(source)} {copy.Length} {copy.LastWriteTimeUtc.Ticks}";
}
