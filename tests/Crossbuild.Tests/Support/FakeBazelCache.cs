using System.Collections.Concurrent;
using System.Net;

namespace Crossbuild.Tests.Support;

/// <summary>How <see cref="FakeBazelCache"/> misbehaves.</summary>
public enum CacheFault
{
    None,
    /// <summary>Every request gets 500.</summary>
    ServerError,
    /// <summary>Every request waits longer than any test's timeout before it is answered.</summary>
    Slow,
    /// <summary>CAS bodies stop halfway, after a Content-Length for the whole.</summary>
    Truncated,
    /// <summary>CAS reads return other bytes than the digest names (same length).</summary>
    WrongContent,
    /// <summary>Uploads get 403.</summary>
    ForbiddenUpload,
}

/// <summary>
/// A Bazel HTTP cache on 127.0.0.1 (an <see cref="HttpListener"/>): GET, HEAD and PUT of <c>/ac/…</c> and
/// <c>/cas/…</c> under an optional prefix, stored in memory, with a fault to inject and a log of requests.
/// </summary>
public sealed class FakeBazelCache : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeBazelCache(string prefix = "")
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        Prefix = prefix;
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    public string Prefix { get; }

    /// <summary>The URL to give crossbuild.</summary>
    public string Url => $"http://127.0.0.1:{Port}/{Prefix}".TrimEnd('/');

    public CacheFault Fault { get; set; }

    /// <summary>Stored blobs by path (<c>ac/…</c>, <c>cas/…</c>).</summary>
    public ConcurrentDictionary<string, byte[]> Store { get; } = new();

    /// <summary>Every request: method, path and the Authorization header it carried.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();

    public int Count(string method) => Requests.Count(r => r.Method == method);

    public static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath.TrimStart('/');
        Requests.Enqueue((request.HttpMethod, path, request.Headers["Authorization"]));
        try
        {
            if (Prefix.Length > 0 && !path.StartsWith(Prefix + "/", StringComparison.Ordinal))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            var key = Prefix.Length > 0 ? path[(Prefix.Length + 1)..] : path;
            if (Fault == CacheFault.ServerError)
            {
                response.StatusCode = 500;
                response.Close();
                return;
            }
            if (Fault == CacheFault.Slow)
                await Task.Delay(TimeSpan.FromSeconds(20), _stop.Token).ContinueWith(_ => { });
            switch (request.HttpMethod)
            {
                case "PUT":
                    if (Fault == CacheFault.ForbiddenUpload)
                    {
                        response.StatusCode = 403;
                        response.Close();
                        return;
                    }
                    using (var body = new MemoryStream())
                    {
                        await request.InputStream.CopyToAsync(body);
                        Store[key] = body.ToArray();
                    }
                    response.StatusCode = 200;
                    response.Close();
                    return;
                case "GET" or "HEAD":
                    if (!Store.TryGetValue(key, out var bytes))
                    {
                        response.StatusCode = 404;
                        response.Close();
                        return;
                    }
                    var cas = key.StartsWith("cas/", StringComparison.Ordinal);
                    if (cas && Fault == CacheFault.WrongContent)
                        bytes = bytes.Select(b => (byte)(b ^ 0x5a)).ToArray();
                    response.StatusCode = 200;
                    response.ContentLength64 = bytes.Length;
                    if (request.HttpMethod == "HEAD")
                    {
                        response.Close();
                        return;
                    }
                    if (cas && Fault == CacheFault.Truncated && bytes.Length > 1)
                    {
                        await response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                        await response.OutputStream.FlushAsync();
                        response.Abort();
                        return;
                    }
                    await response.OutputStream.WriteAsync(bytes);
                    response.Close();
                    return;
                default:
                    response.StatusCode = 405;
                    response.Close();
                    return;
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpListenerException)
        {
            // The client went away (a timeout): nothing to answer.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
