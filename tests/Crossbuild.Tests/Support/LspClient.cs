using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Crossbuild.Tests.Support;

/// <summary>
/// A minimal Language Server Protocol client over a server's stdio: requests with responses, notifications, and
/// default answers to what servers ask of clients (configuration, capability registration, progress tokens).
/// </summary>
public sealed class LspClient : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonObject> _incoming = new();
    private readonly StringBuilder _stderr = new();
    private int _nextId;

    /// <summary>Notifications the server sent, in order (method and params).</summary>
    public List<(string Method, JsonNode? Params)> Notifications { get; } = [];

    public LspClient(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        new Thread(Read) { IsBackground = true }.Start();
    }

    /// <summary>What the server wrote on stderr so far.</summary>
    public string StdErr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Sends a request and waits for its response's <c>result</c> (throws on an error or a timeout).</summary>
    public JsonNode? Request(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_incoming.TryTake(out var message, left))
                throw new TimeoutException($"{method}: no response in {timeout.TotalSeconds:F0}s; server stderr: {StdErr}");
            if (message["method"] is null && message["id"]?.GetValue<int>() == id)
                return message["error"] is { } error ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}") : message["result"];
            Handle(message);
        }
    }

    /// <summary>Sends a notification.</summary>
    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>Handles what arrives for <paramref name="time"/>.</summary>
    public void Pump(TimeSpan time)
    {
        var deadline = DateTime.UtcNow + time;
        while (DateTime.UtcNow < deadline)
            if (_incoming.TryTake(out var message, deadline - DateTime.UtcNow)) Handle(message);
    }

    private void Handle(JsonObject message)
    {
        var method = (string?)message["method"];
        if (method is null) return;
        if (message["id"] is { } id)
        {
            // A request from the server: configuration items get nulls, everything else an empty result.
            JsonNode? result = method == "workspace/configuration"
                ? new JsonArray(((JsonArray)message["params"]!["items"]!).Select(_ => (JsonNode?)null).ToArray())
                : null;
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
            return;
        }
        lock (Notifications) Notifications.Add((method, message["params"]?.DeepClone()));
    }

    private void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var stdin = _process.StandardInput.BaseStream;
        lock (stdin)
        {
            stdin.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            stdin.Write(body);
            stdin.Flush();
        }
    }

    private void Read()
    {
        var stdout = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var length = -1;
                string? line;
                while ((line = ReadLine(stdout)) is { Length: > 0 })
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (line is null || length < 0) break;
                var body = new byte[length];
                stdout.ReadExactly(body);
                if (JsonNode.Parse(body) is JsonObject message) _incoming.Add(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
        {
        }
    }

    private static string? ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n') return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            bytes.Add((byte)b);
        }
        return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
