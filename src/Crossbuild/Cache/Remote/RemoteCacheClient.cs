using System.Net;
using System.Net.Http.Headers;

namespace Crossbuild.Cache.Remote;

/// <summary>A request to the remote cache failed: a transport fault, a timeout or a 5xx (see <see cref="Status"/>).</summary>
internal sealed class RemoteFault(string message, HttpStatusCode? status = null) : Exception(message)
{
    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Whether the server refused the request (4xx): not the server's health, so no retry helps.</summary>
    public bool Refused => Status is { } s && (int)s is >= 400 and < 500;
}

/// <summary>
/// Bazel's HTTP cache protocol: <c>GET</c>, <c>PUT</c> and <c>HEAD</c> of <c>ac/&lt;sha256&gt;</c> (action results)
/// and <c>cas/&lt;sha256&gt;</c> (content) below the base URL. A request connects within 2 s and finishes within
/// <see cref="RemoteCacheOptions.TransferTimeout"/> (30 s). Clients are shared per base URL and headers, so a warm build server reuses its connections.
/// </summary>
internal sealed class RemoteCacheClient
{
    /// <summary>How long a connection may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The most an action result may take: it lists a handful of digests.</summary>
    public const long MaxActionResultBytes = 1024 * 1024;

    /// <summary>The largest blob a result may name; larger ones are refused unread.</summary>
    public const long MaxBlobBytes = 1L << 30;

    private static readonly Dictionary<string, HttpClient> Clients = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly RemoteCacheOptions _options;

    public RemoteCacheClient(RemoteCacheOptions options)
    {
        _options = options;
        var id = options.BaseUri.AbsoluteUri + "\n" + string.Join("\n", options.Headers.Select(h => h.Key + ":" + h.Value));
        lock (Clients)
        {
            if (!Clients.TryGetValue(id, out var http))
            {
                var handler = new SocketsHttpHandler
                {
                    ConnectTimeout = ConnectTimeout,
                    MaxConnectionsPerServer = RemoteCache.Concurrency,
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                    AutomaticDecompression = DecompressionMethods.None,
                    UseProxy = true,
                    // A redirect would carry the configured headers (credentials) to another host.
                    AllowAutoRedirect = false,
                };
                http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = 64 * 1024 };
                foreach (var (name, value) in options.Headers)
                    http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("crossbuild", ToolVersion.Crossbuild.Split('+')[0]));
                Clients[id] = http;
            }
            _http = http;
        }
    }

    /// <summary>The blob at <c>kind/hash</c>, or null when the cache does not have it (404).</summary>
    public async Task<byte[]?> GetAsync(string kind, string hash, long? expectedSize, CancellationToken cancel)
    {
        using var timeout = Timeout(cancel);
        var url = Url(kind, hash);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            Check(response, "GET", kind, hash);
            if (response.Content.Headers.ContentLength is { } length && expectedSize is { } size && length != size)
                throw new RemoteFault($"GET {Show(kind, hash)}: {length} bytes, expected {size}");
            // Never more than the digest says (or, for an action result, than one can be): a server cannot make
            // the build hold an endless body in memory.
            var limit = expectedSize ?? MaxActionResultBytes;
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream((int)Math.Min(limit, response.Content.Headers.ContentLength ?? 16 * 1024));
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit) throw new RemoteFault($"GET {Show(kind, hash)}: more than the {limit} bytes expected");
            }
            if (response.Content.Headers.ContentLength is { } declared && declared != buffer.Length)
                throw new RemoteFault($"GET {Show(kind, hash)}: the body ended after {buffer.Length} of {declared} bytes");
            return buffer.ToArray();
        }
        catch (Exception e) when (Transport(e, cancel) is { } fault)
        {
            throw new RemoteFault($"GET {Show(kind, hash)}: {fault}");
        }
    }

    /// <summary>Whether the cache has <c>kind/hash</c> (<c>HEAD</c>).</summary>
    public async Task<bool> HasAsync(string kind, string hash, CancellationToken cancel)
    {
        using var timeout = Timeout(cancel);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, Url(kind, hash));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            Check(response, "HEAD", kind, hash);
            return true;
        }
        catch (Exception e) when (Transport(e, cancel) is { } fault)
        {
            throw new RemoteFault($"HEAD {Show(kind, hash)}: {fault}");
        }
    }

    /// <summary>Stores <paramref name="content"/> at <c>kind/hash</c> (<c>PUT</c>).</summary>
    public async Task PutAsync(string kind, string hash, byte[] content, CancellationToken cancel)
    {
        using var timeout = Timeout(cancel);
        try
        {
            using var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await _http.PutAsync(Url(kind, hash), body, timeout.Token).ConfigureAwait(false);
            Check(response, "PUT", kind, hash);
        }
        catch (Exception e) when (Transport(e, cancel) is { } fault)
        {
            throw new RemoteFault($"PUT {Show(kind, hash)}: {fault}");
        }
    }

    private Uri Url(string kind, string hash) => new(_options.BaseUri, kind + "/" + hash);

    private string Show(string kind, string hash) => $"{_options.Display}/{kind}/{hash[..12]}…";

    private void Check(HttpResponseMessage response, string method, string kind, string hash)
    {
        if (response.IsSuccessStatusCode) return;
        throw new RemoteFault($"{method} {Show(kind, hash)}: {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
    }

    private CancellationTokenSource Timeout(CancellationToken cancel)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(_options.TransferTimeout);
        return cts;
    }

    // What went wrong on the way, in a few words; null for what is not the transport's (the caller's cancellation,
    // a RemoteFault already described).
    private string? Transport(Exception e, CancellationToken cancel)
    {
        if (e is RemoteFault || cancel.IsCancellationRequested) return null;
        // SocketsHttpHandler's ConnectTimeout surfaces as a cancellation wrapping a TimeoutException.
        if (e is OperationCanceledException { InnerException: TimeoutException } or HttpRequestException { InnerException: OperationCanceledException })
            return $"could not connect within {ConnectTimeout.TotalSeconds:0} s";
        if (e is OperationCanceledException) return $"no answer within {_options.TransferTimeout.TotalSeconds:0.#} s";
        if (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            return Innermost(e).Message.TrimEnd('.');
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }
}
