using Crossbuild.Common;
using Crossbuild.Cache;

namespace Crossbuild.Load;

/// <summary>
/// The loader's stat cache: maps a file's (path, size, mtime) to its content hash, its <c>//build:</c> expression
/// and its scanned facts, so a no-op build stats files instead of reading and scanning them. One file per module
/// and preprocessor symbol set lives under the build cache's <c>facts/</c> folder.
/// </summary>
/// <remarks>
/// As Go does for its file hashes, a file modified within the last two seconds is never trusted from or stored in
/// the cache: an edit in the same second could otherwise keep size and mtime. .NET exposes no inode number, so a
/// file replaced by one of the same size and mtime is the one case this cannot see.
/// </remarks>
internal sealed class FactsCache
{
    private const int FormatVersion = 2;
    private const int HashLength = 32;
    private static readonly TimeSpan Recent = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly Dictionary<string, Entry> _entries;
    private readonly Lock _lock = new();
    private bool _changed;

    /// <summary>The damage found when the file was opened, if any.</summary>
    public string? Problem { get; private init; }

    // A file ends with the SHA-256 of what precedes it, so any flipped, cut or emptied file is noticed before use.
    private static bool Intact(byte[] bytes) =>
        bytes.Length > HashLength &&
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashLength)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength));

    /// <summary>What is known about one file.</summary>
    public sealed record Entry(long Size, long MtimeTicks, string Hash, string? Directive, SourceFacts Facts);

    private FactsCache(string path, Dictionary<string, Entry> entries)
    {
        _path = path;
        _entries = entries;
    }

    /// <summary>Opens the facts of <paramref name="moduleRoot"/> for <paramref name="symbols"/>; an unreadable file starts empty.</summary>
    public static FactsCache Open(string cacheRoot, string moduleRoot, IEnumerable<string> symbols)
    {
        var key = ContentHash.Of($"facts {FormatVersion} {ToolVersion.Crossbuild}\n{moduleRoot}\n{string.Join(' ', symbols)}");
        var path = Path.Combine(cacheRoot, BuildCache.FactsFolder, key[..2], key + "-f");
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        string? problem = null;
        // A warm process keeps what it last read or wrote, as long as the file is still that one.
        if (Remembered(path) is { } remembered)
            return new FactsCache(path, remembered);
        try
        {
            if (File.Exists(path))
            {
                var bytes = File.ReadAllBytes(path);
                if (!Intact(bytes) || !Read(bytes.AsSpan(0, bytes.Length - HashLength).ToArray(), entries))
                {
                    // A damaged facts file only costs a rescan; it is said, as damaged entries are.
                    entries.Clear();
                    problem = $"facts file {key[..12]} is damaged; rescanning";
                    File.Delete(path);
                }
                else
                {
                    BuildCache.Touch(path); // in use: trimming ages facts as it ages entries
                    Remember(path, entries);
                }
            }
        }
        catch (IOException)
        {
            entries.Clear();
        }
        return new FactsCache(path, entries) { Problem = problem };
    }

    // Facts files this process read or wrote, with the size and mtime the file had then.
    private static readonly Dictionary<string, (long Size, long Mtime, Dictionary<string, Entry> Entries)> Memory = new(StringComparer.Ordinal);

    private static void Remember(string path, Dictionary<string, Entry> entries)
    {
        if (!Work.WarmCaches.Enabled) return;
        try
        {
            var info = new FileInfo(path);
            lock (Memory) Memory[path] = (info.Length, info.LastWriteTimeUtc.Ticks, new Dictionary<string, Entry>(entries, StringComparer.Ordinal));
        }
        catch (IOException)
        {
        }
    }

    // A copy of what this process last read from or wrote to path, if the file has not changed since.
    private static Dictionary<string, Entry>? Remembered(string path)
    {
        (long Size, long Mtime, Dictionary<string, Entry> Entries) kept;
        lock (Memory)
            if (!Memory.TryGetValue(path, out kept)) return null;
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != kept.Size || info.LastWriteTimeUtc.Ticks != kept.Mtime) return null;
        BuildCache.Touch(path); // may move the mtime on: remember the file as touched
        Remember(path, kept.Entries);
        return new Dictionary<string, Entry>(kept.Entries, StringComparer.Ordinal);
    }

    /// <summary>Forgets the facts files this process remembers (<see cref="Work.WarmCaches.Trim"/>).</summary>
    internal static void ForgetMemory()
    {
        lock (Memory) Memory.Clear();
    }

    /// <summary>Deletes every facts file under <paramref name="cacheRoot"/>: the next load reads and scans every file.</summary>
    public static void ForgetAll(string cacheRoot)
    {
        ForgetMemory();
        try
        {
            var dir = Path.Combine(cacheRoot, BuildCache.FactsFolder);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The entry for <paramref name="relPath"/> if size and mtime still match and the file is not too recent.</summary>
    public Entry? Get(string relPath, FileInfo info)
    {
        Entry? e;
        lock (_lock)
            if (!_entries.TryGetValue(relPath, out e)) return null;
        var mtime = info.LastWriteTimeUtc;
        return e.Size == info.Length && e.MtimeTicks == mtime.Ticks && DateTime.UtcNow - mtime > Recent ? e : null;
    }

    /// <summary>Records what a read of <paramref name="relPath"/> found.</summary>
    public void Put(string relPath, FileInfo info, string hash, string? directive, SourceFacts facts)
    {
        var mtime = info.LastWriteTimeUtc;
        if (DateTime.UtcNow - mtime <= Recent) return;
        // Inference needs each distinct use once; occurrences repeat a lot.
        var distinct = facts with { Uses = facts.Uses.Distinct().ToArray() };
        lock (_lock)
        {
            _entries[relPath] = new Entry(info.Length, mtime.Ticks, hash, directive, distinct);
            _changed = true;
        }
    }

    /// <summary>Writes the facts back when anything changed, keeping only <paramref name="live"/> paths.</summary>
    public void Save(IReadOnlySet<string> live)
    {
        if (!_changed && _entries.Keys.All(live.Contains)) return;
        try
        {
            using var stream = new MemoryStream();
            var kept = _entries.Where(kv => live.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
            using (var w = new BinaryWriter(stream))
            {
                w.Write(FormatVersion);
                w.Write(kept.Length);
                foreach (var (rel, e) in kept)
                {
                    w.Write(rel);
                    w.Write(e.Size);
                    w.Write(e.MtimeTicks);
                    w.Write(e.Hash);
                    w.Write(e.Directive ?? "\0");
                    WriteList(w, e.Facts.DeclaredNamespaces);
                    w.Write(e.Facts.Uses.Count);
                    foreach (var u in e.Facts.Uses)
                    {
                        w.Write(u.Context);
                        w.Write(u.Name);
                    }
                    w.Write(e.Facts.HasEntryPoint);
                    WriteList(w, e.Facts.SymbolsRead);
                    WriteList(w, e.Facts.ConditionalSymbols);
                }
            }
            var body = stream.ToArray();
            AtomicFile.Write(_path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);
            Remember(_path, kept.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        }
        catch (Diagnostics.CrossbuildException)
        {
            // The facts cache is an optimisation: failing to write it never fails a build.
        }
    }

    // False when the content does not parse (it passed the hash, so it was written so: treat it as damage too).
    private static bool Read(byte[] bytes, Dictionary<string, Entry> entries)
    {
        try
        {
            ReadEntries(bytes, entries);
            return true;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or OverflowException or OutOfMemoryException or ArgumentException)
        {
            return false;
        }
    }

    private static void ReadEntries(byte[] bytes, Dictionary<string, Entry> entries)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        if (r.ReadInt32() != FormatVersion) return;
        var count = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var rel = r.ReadString();
            var size = r.ReadInt64();
            var mtime = r.ReadInt64();
            var hash = r.ReadString();
            var directive = r.ReadString();
            var declared = ReadList(r);
            var uses = new NameUse[r.ReadInt32()];
            for (var u = 0; u < uses.Length; u++)
                uses[u] = new NameUse(r.ReadString(), r.ReadString());
            var entry = r.ReadBoolean();
            var read = ReadList(r);
            var conditional = ReadList(r);
            entries[rel] = new Entry(size, mtime, hash, directive == "\0" ? null : directive,
                new SourceFacts(declared, uses, entry, read) { ConditionalSymbols = conditional });
        }
    }

    private static void WriteList(BinaryWriter w, IReadOnlyList<string> items)
    {
        w.Write(items.Count);
        foreach (var s in items) w.Write(s);
    }

    private static string[] ReadList(BinaryReader r)
    {
        var items = new string[r.ReadInt32()];
        for (var i = 0; i < items.Length; i++) items[i] = r.ReadString();
        return items;
    }
}
