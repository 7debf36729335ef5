using Crossbuild.Common;
using Crossbuild.Cache;

namespace Crossbuild.Outputs;

/// <summary>
/// Remembers, in the build cache, which source each copied output in one directory came from (or, for a made file
/// such as a bundle, the identity it was made as) and what the copy looked like (size, mtime). A no-op install then
/// skips package files after one small read for the whole directory instead of comparing bytes: package files often
/// share sizes and (fixed) timestamps across versions, but a different version is a different source. A bundle is
/// not even made when its launcher is still the one its identity names.
/// </summary>
internal sealed class CopyLedger(BuildCache cache, string directory)
{
    private readonly string _id = new ActionIdBuilder().Add("action", "install-copies 1").Add("directory", Path.GetFullPath(directory)).Id;
    private Dictionary<string, string>? _stamps;
    private bool _changed;

    private Dictionary<string, string> Stamps => _stamps ??=
        (cache.Get(_id)?.Facts ?? []).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="destination"/> is still the copy of <paramref name="source"/> this ledger recorded.</summary>
    public bool IsCurrent(string source, string destination) => Holds(Path.GetFullPath(source), destination);

    /// <summary>Records that <paramref name="destination"/> is now a copy of <paramref name="source"/>.</summary>
    public void Record(string source, string destination) => Put(Path.GetFullPath(source), destination);

    /// <summary>Whether <paramref name="destination"/> is still the file made as <paramref name="identity"/> (a bundle).</summary>
    public bool IsCurrentMade(string identity, string destination) => Holds("made " + identity, destination);

    /// <summary>Records that <paramref name="destination"/> is now the file made as <paramref name="identity"/>.</summary>
    public void RecordMade(string identity, string destination) => Put("made " + identity, destination);

    // origin: where the file came from (a source's full path, or "made <identity>").
    private bool Holds(string origin, string destination)
    {
        var info = new FileInfo(destination);
        return info.Exists && Stamps.TryGetValue(Path.GetFullPath(destination), out var recorded) && recorded == Stamp(origin, info);
    }

    private void Put(string origin, string destination)
    {
        Stamps[Path.GetFullPath(destination)] = Stamp(origin, new FileInfo(destination));
        _changed = true;
    }

    /// <summary>Stores what was recorded, if anything changed.</summary>
    public void Save()
    {
        if (!_changed) return;
        cache.Put(_id, [], [], Stamps.OrderBy(s => s.Key, StringComparer.Ordinal).ToArray());
        _changed = false;
    }

    // Where a file came from and what it looked like when it was written.
    private static string Stamp(string origin, FileInfo copy) => $"{origin} {copy.Length} {copy.LastWriteTimeUtc.Ticks}";
}
