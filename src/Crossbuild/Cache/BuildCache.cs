using Crossbuild.Common;

namespace Crossbuild.Cache;

/// <summary>A cache entry or output that failed verification; the caller deletes it and rebuilds.</summary>
public sealed class CacheCorruptException(string message) : Exception(message);

/// <summary>
/// The content-addressed build cache, in the spirit of GOCACHE. An action ID (the SHA-256 of everything that can
/// change an action's output) maps to an entry file, <c>&lt;xx&gt;/&lt;id&gt;-a</c>; the entry lists output files
/// stored by content hash, <c>&lt;xx&gt;/&lt;hash&gt;-d</c>. Every file is written to a temp file and renamed, outputs
/// before the entry, so a killed process never leaves an entry that a later build accepts; entries and outputs
/// are verified (size and hash) before use. Several processes may share one cache.
/// </summary>
public sealed class BuildCache
{
    /// <summary>Entries and outputs unused for this long are removed by <see cref="TrimIfDue"/>.</summary>
    public static readonly TimeSpan TrimAge = TimeSpan.FromDays(5);

    /// <summary>How often a trim may run.</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromDays(1);

    // Go refreshes a used file's mtime at most once an hour, so hits stay read-only most of the time.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromHours(1);

    /// <summary>Opens (creating if needed) the cache at <paramref name="root"/>.</summary>
    public BuildCache(string root)
    {
        Root = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // --cache-dir or CROSSBUILD_CACHE names a file, or a folder that cannot be made: the user's to fix.
            throw new Diagnostics.CrossbuildException($"build cache {Root}: {e.Message} (set --cache-dir or CROSSBUILD_CACHE to a folder)");
        }
        var readme = Path.Combine(Root, "README");
        if (!File.Exists(readme))
            AtomicFile.Write(readme, "This directory holds cached build artifacts from crossbuild.\n"u8);
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    private string PathFor(string hash, char kind) => Path.Combine(Root, hash[..2], $"{hash}-{kind}");

    /// <summary>
    /// The entry for <paramref name="actionId"/>, or null on a miss. A corrupt entry is deleted and reported
    /// through <paramref name="corrupt"/>, then treated as a miss.
    /// </summary>
    public CacheEntry? Get(string actionId, Action<string>? corrupt = null)
    {
        var path = PathFor(actionId, 'a');
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var entry = CacheEntry.TryParse(bytes);
        if (entry is null && CacheEntry.IsOtherFormat(bytes))
        {
            // Written by a crossbuild with another entry format: a plain miss, not corruption.
            TryDelete(path);
            return null;
        }
        if (entry is null)
        {
            corrupt?.Invoke($"cache entry {actionId[..12]} is corrupt; rebuilding");
            TryDelete(path);
            return null;
        }
        Touch(path);
        return entry;
    }

    /// <summary>Reads output <paramref name="output"/>, verified by size and hash; throws <see cref="CacheCorruptException"/> otherwise.</summary>
    public byte[] Read(CachedOutput output)
    {
        var path = PathFor(output.Hash, 'd');
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CacheCorruptException($"cache output {output.Hash[..12]} ({output.Role}) is missing");
        }
        if (bytes.LongLength != output.Size || ContentHash.Of(bytes) != output.Hash)
        {
            TryDelete(path);
            throw new CacheCorruptException($"cache output {output.Hash[..12]} ({output.Role}) is corrupt");
        }
        Touch(path);
        return bytes;
    }

    /// <summary>Deletes the entry for <paramref name="actionId"/>, if any.</summary>
    public void Delete(string actionId) => TryDelete(PathFor(actionId, 'a'));

    /// <summary>Stores outputs (by content) and then the entry that lists them.</summary>
    public CacheEntry Put(string actionId, IReadOnlyList<(string Role, byte[] Content)> outputs,
        IReadOnlyList<Diagnostics.BuildDiagnostic> diagnostics, IReadOnlyList<KeyValuePair<string, string>> facts)
    {
        var recorded = new List<CachedOutput>();
        foreach (var (role, content) in outputs)
        {
            var hash = ContentHash.Of(content);
            var path = PathFor(hash, 'd');
            // An existing output is kept only when its bytes are right (AtomicFile compares them): one damaged in
            // place keeps its size, and a later hit would read it.
            AtomicFile.Write(path, content);
            recorded.Add(new CachedOutput(role, hash, content.LongLength));
        }
        var entry = new CacheEntry(recorded, diagnostics, facts);
        AtomicFile.Write(PathFor(actionId, 'a'), entry.Serialize());
        return entry;
    }

    /// <summary>
    /// Removes everything in the cache folder (<c>crossbuild clean -cache</c>): entries, outputs, the loader's
    /// <c>facts/</c>, target stamps and the trim stamp. The folder itself stays, empty.
    /// </summary>
    public void Clean()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var dir in Directory.GetDirectories(Root))
            Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.GetFiles(Root))
            TryDelete(file);
    }

    /// <summary>
    /// Removes files unused for <see cref="TrimAge"/>, at most once per <see cref="TrimInterval"/>: entries and
    /// outputs in the two-letter folders and the loader's facts files under <c>facts/</c>, which it touches when it
    /// reads them, as hits touch entries.
    /// </summary>
    /// <returns>How many files were removed, or -1 when a trim was not due.</returns>
    public int TrimIfDue(DateTime? now = null)
    {
        var at = now ?? DateTime.UtcNow;
        var stamp = Path.Combine(Root, "trim.txt");
        if (File.Exists(stamp) && at - File.GetLastWriteTimeUtc(stamp) < TrimInterval) return -1;
        var removed = 0;
        var facts = Path.Combine(Root, FactsFolder);
        var shards = Directory.GetDirectories(Root).Where(d => Path.GetFileName(d).Length == 2)
            .Concat(Directory.Exists(facts) ? Directory.GetDirectories(facts) : []);
        foreach (var dir in shards)
            foreach (var file in Directory.EnumerateFiles(dir))
                if (at - File.GetLastWriteTimeUtc(file) > TrimAge && TryDelete(file))
                    removed++;
        AtomicFile.Write(stamp, System.Text.Encoding.ASCII.GetBytes(at.ToString("O") + "\n"));
        File.SetLastWriteTimeUtc(stamp, at);
        return removed;
    }

    /// <summary>The folder under the cache root where the loader keeps its facts files.</summary>
    public const string FactsFolder = "facts";

    /// <summary>Refreshes a used file's mtime (at most once an hour), so trimming keeps what is in use.</summary>
    public static void Touch(string path)
    {
        try
        {
            var now = DateTime.UtcNow;
            if (now - File.GetLastWriteTimeUtc(path) > TouchInterval)
                File.SetLastWriteTimeUtc(path, now);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
