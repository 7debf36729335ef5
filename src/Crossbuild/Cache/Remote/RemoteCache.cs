using Crossbuild.Common;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Crossbuild.Cache.Remote;

/// <summary>
/// One command's use of the shared remote cache, behind the local cache. On a local miss,
/// <see cref="FillAsync"/> fetches the action result, then its blobs, checks every blob's SHA-256 and size and,
/// only when all are right, stores them in the local cache, which then has a hit. After a local compile,
/// <see cref="Upload"/> queues its blobs (a large one only when a <c>HEAD</c> says the cache lacks it) and then its
/// action result (never a result before its blobs), and
/// <see cref="Flush"/> waits for them before the command ends. At most <see cref="Concurrency"/> requests run at
/// once. Faults never fail a build: each is a miss (or a skipped upload); the first prints one line, and after
/// <see cref="FailuresBeforeOff"/> in a row the cache is off for the rest of the command. A refused upload (4xx)
/// stops uploads, with one line.
/// </summary>
internal sealed class RemoteCache
{
    /// <summary>How many requests run at once.</summary>
    public const int Concurrency = 8;

    /// <summary>Consecutive failed requests after which the remote cache is off for the rest of the command.</summary>
    public const int FailuresBeforeOff = 3;

    // Made on the first request: a build whose every compile is a local hit never starts HTTP.
    private readonly Lazy<RemoteCacheClient> _lazyClient;
    private readonly Action<string> _warn;
    private readonly CancellationToken _cancel;
    private readonly SemaphoreSlim _slots = new(Concurrency);
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);
    // Blobs this command uploads, each once: a result is written only after all of its blobs' uploads succeeded.
    private readonly ConcurrentDictionary<string, Task<bool>> _blobs = new(StringComparer.Ordinal);
    private readonly List<Task> _uploads = [];
    private int _hits, _misses, _uploaded, _failures, _consecutive;
    private long _down, _up, _ticks;
    private volatile bool _off, _uploadOff;

    private RemoteCache(RemoteCacheOptions options, Action<string> warn, CancellationToken cancel)
    {
        Options = options;
        _lazyClient = new(() => new RemoteCacheClient(options));
        _warn = warn;
        _cancel = cancel;
    }

    private RemoteCacheClient Client => _lazyClient.Value;

    /// <summary>The cache and how it may be used.</summary>
    public RemoteCacheOptions Options { get; }

    /// <summary>The remote cache <paramref name="settings"/> name, or null; <paramref name="warn"/> gets its warnings.</summary>
    public static RemoteCache? Open(CrossbuildSettings settings, Action<string> warn) =>
        RemoteCacheOptions.Resolve(settings) is { } options ? new RemoteCache(options, warn, Work.BuildCancellation.Token) : null;

    /// <summary>What this command did with the cache so far.</summary>
    public RemoteCacheStats Stats => new(Options.Display, _hits, _misses, Interlocked.Read(ref _down), Interlocked.Read(ref _up), _uploaded,
        TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds, _failures, _off, Options.Upload);

    /// <summary>
    /// Fetches <paramref name="actionId"/>'s result and blobs into <paramref name="local"/>; false on a miss, a
    /// refused result, a wrong blob or a fault.
    /// </summary>
    public async Task<bool> FillAsync(string actionId, BuildCache local)
    {
        if (_off) return false;
        var clock = Stopwatch.StartNew();
        try
        {
            var found = await FetchAsync(actionId).ConfigureAwait(false);
            if (found is null)
            {
                Interlocked.Increment(ref _misses);
                return false;
            }
            local.Put(actionId, found.Value.Outputs, found.Value.Entry.Diagnostics, found.Value.Entry.Facts);
            Interlocked.Increment(ref _hits);
            return true;
        }
        finally
        {
            Interlocked.Add(ref _ticks, clock.Elapsed.Ticks);
        }
    }

    private async Task<(CacheEntry Entry, List<(string, byte[])> Outputs)?> FetchAsync(string actionId)
    {
        var (ok, result) = await Try(() => Client.GetAsync("ac", actionId, null, _cancel), upload: false).ConfigureAwait(false);
        if (!ok || result is null) return null;
        Interlocked.Add(ref _down, result.LongLength);
        var (digest, refusal) = ActionResults.Decode(actionId, result, Options.Key);
        if (digest is null)
        {
            Warn("refused", $"remote cache: the result of action {actionId[..12]} {refusal}; ignored, compiling locally");
            return null;
        }
        var entryBytes = await BlobAsync(digest.Hash, digest.SizeBytes).ConfigureAwait(false);
        if (entryBytes is null) return null;
        if (CacheEntry.TryParse(entryBytes) is not { } entry)
        {
            Warn("content", $"remote cache: the entry of action {actionId[..12]} is not a Crossbuild {ToolVersion.Crossbuild} entry; ignored");
            return null;
        }
        var blobs = await Task.WhenAll(entry.Outputs.Select(o => BlobAsync(o.Hash, o.Size))).ConfigureAwait(false);
        if (blobs.Any(b => b is null)) return null;
        return (entry, entry.Outputs.Select((o, i) => (o.Role, blobs[i]!)).ToList());
    }

    // A blob, verified: the wrong bytes for a digest are a miss and one warning, never cached.
    private async Task<byte[]?> BlobAsync(string hash, long size)
    {
        if (!ActionResults.IsSha256(hash) || size < 0 || size > RemoteCacheClient.MaxBlobBytes)
        {
            Warn("content", $"remote cache: a cached result names an impossible blob ({size} bytes); ignored, compiling locally");
            return null;
        }
        var (ok, bytes) = await Try(() => Client.GetAsync("cas", hash, size, _cancel), upload: false).ConfigureAwait(false);
        if (!ok) return null;
        if (bytes is null)
        {
            Warn("missing", $"remote cache: blob {hash[..12]} of a cached result is missing; compiling locally");
            return null;
        }
        Interlocked.Add(ref _down, bytes.LongLength);
        if (bytes.LongLength != size || ContentHash.Of(bytes) != hash)
        {
            Warn("content", $"remote cache: {Options.Display}/cas/{hash[..12]}… has the wrong content ({bytes.LongLength} bytes, SHA-256 {ContentHash.Of(bytes)[..12]}…); ignored, compiling locally");
            return null;
        }
        return bytes;
    }

    /// <summary>Queues the upload of <paramref name="entry"/>, stored locally under <paramref name="actionId"/>, whose outputs' bytes are <paramref name="outputs"/>.</summary>
    public void Upload(string actionId, CacheEntry entry, IReadOnlyList<(string Role, byte[] Content)> outputs)
    {
        if (!Options.Upload || _off || _uploadOff) return;
        var task = Task.Run(() => UploadAsync(actionId, entry, outputs));
        lock (_uploads) _uploads.Add(task);
    }

    private async Task UploadAsync(string actionId, CacheEntry entry, IReadOnlyList<(string Role, byte[] Content)> outputs)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var entryBytes = entry.Serialize();
            var blobs = outputs.Select(o => (entry.Output(o.Role).Hash, o.Content)).Append((ContentHash.Of(entryBytes), entryBytes));
            var sent = await Task.WhenAll(blobs.Select(b => _blobs.GetOrAdd(b.Item1, hash => PutBlobAsync(hash, b.Item2)))).ConfigureAwait(false);
            if (sent.All(s => s) && await PutAsync("ac", actionId, ActionResults.Encode(actionId, entry, entryBytes, Options.Key)).ConfigureAwait(false))
                Interlocked.Increment(ref _uploaded);
        }
        finally
        {
            Interlocked.Add(ref _ticks, clock.Elapsed.Ticks);
        }
    }

    // A large blob another machine already uploaded (the same compile elsewhere) is not sent again: HEAD first.
    private async Task<bool> PutBlobAsync(string hash, byte[] content)
    {
        if (content.Length >= AskFirstBytes && !_off && !_uploadOff)
        {
            await _slots.WaitAsync(_cancel).ConfigureAwait(false);
            try
            {
                if (await Client.HasAsync("cas", hash, _cancel).ConfigureAwait(false)) return true;
            }
            catch (RemoteFault)
            {
                // A server without HEAD, or a hiccup: the PUT decides.
            }
            finally
            {
                _slots.Release();
            }
        }
        return await PutAsync("cas", hash, content).ConfigureAwait(false);
    }

    /// <summary>Blobs at least this large are looked for (<c>HEAD</c>) before they are uploaded.</summary>
    public const int AskFirstBytes = 64 * 1024;

    private async Task<bool> PutAsync(string kind, string hash, byte[] content)
    {
        if (_uploadOff) return false;
        var (ok, _) = await Try(async () =>
        {
            await Client.PutAsync(kind, hash, content, _cancel).ConfigureAwait(false);
            return true;
        }, upload: true).ConfigureAwait(false);
        if (ok) Interlocked.Add(ref _up, content.LongLength);
        return ok;
    }

    /// <summary>Waits for the queued uploads (the command's last step); they never throw.</summary>
    public void Flush()
    {
        Task[] pending;
        lock (_uploads) pending = [.. _uploads];
        try
        {
            Task.WaitAll(pending, _cancel);
        }
        catch (OperationCanceledException)
        {
            // The command was cancelled: what did not finish is simply not in the remote cache.
        }
        catch (AggregateException)
        {
            // An upload that failed in an unforeseen way: the build succeeded; that result is just not shared.
        }
    }

    // Runs one request in a slot; a fault is counted, reported once and is a miss, never an exception.
    private async Task<(bool Ok, T? Value)> Try<T>(Func<Task<T>> request, bool upload)
    {
        if (_off) return (false, default);
        await _slots.WaitAsync(_cancel).ConfigureAwait(false);
        try
        {
            if (_off) return (false, default);
            var value = await request().ConfigureAwait(false);
            Interlocked.Exchange(ref _consecutive, 0);
            return (true, value);
        }
        catch (RemoteFault fault) when (upload && fault.Refused)
        {
            // No write permission (or a server that takes no PUT): not the server's health, and not worth a line per action.
            Interlocked.Increment(ref _failures);
            _uploadOff = true;
            Warn("refused-upload", $"remote cache: {fault.Message}; not uploading for the rest of this command");
            return (false, default);
        }
        catch (RemoteFault fault)
        {
            Interlocked.Increment(ref _failures);
            var off = Interlocked.Increment(ref _consecutive) >= FailuresBeforeOff;
            Warn("fault", $"remote cache: {fault.Message}; {(upload ? "not uploaded" : "compiling locally")}");
            if (off) _off = true;
            return (false, default);
        }
        finally
        {
            _slots.Release();
        }
    }

    // One line per kind of problem per command.
    private void Warn(string kind, string message)
    {
        if (_warned.TryAdd(kind, 0)) _warn(message);
    }
}
