using System.Net;
using System.Net.Sockets;
using Crossbuild.Tests.Support;

namespace Crossbuild.Bench;

/// <summary>
/// The shared remote cache on the 40 × 12 module, side by side in one run, each build a new process with an empty
/// local cache (a fresh CI machine):
/// <list type="bullet">
/// <item>cold without a remote cache, against a cold <c>dotnet build</c> for reference;</item>
/// <item>cold with a warm remote cache (nginx with WebDAV on loopback, filled by one uploading build first).
/// Target ≤ 0.25× of cold without one;</item>
/// <item>cold with a remote cache that is down (connection refused) and one that is unreachable (connects hang:
/// a listener whose backlog is full). Target ≤ 1.05× of cold without one, plus the 2 s connect timeout once.</item>
/// </list>
/// </summary>
public static class RemoteBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        if (NginxCache.Binary is null)
        {
            Console.Error.WriteLine("needs nginx with its WebDAV module: apt-get install nginx-light");
            return 1;
        }
        var (dir, module, csproj) = Workspace.Create(work, "remote-40x12");
        var caches = 0;
        string[] Build() => ["build", "--trimpath", "--cache-dir", Path.Combine(dir, "cache-" + caches++), "./..."];
        using var nginx = new NginxCache();
        using var blackhole = Blackhole.Start();
        var refused = $"http://127.0.0.1:{FreePort()}";
        Dictionary<string, string> Remote(string url) => new() { ["CROSSBUILD_REMOTE_CACHE"] = url };

        // Machine A fills the remote cache.
        var (fill, fillErr) = Measure.Process(cli, [.. Build(), "-v"], module, Remote(nginx.Url));
        Console.WriteLine($"filling build (uploads)        {fill,9:F0} ms   {Last(fillErr)}");

        var cold = new List<double>();
        var warm = new List<double>();
        var down = new List<double>();
        var hang = new List<double>();
        var warmStats = "";
        for (var r = 0; r < rounds; r++)
        {
            cold.Add(Measure.ProcessMs(cli, Build(), module));
            var (ms, err) = Measure.Process(cli, [.. Build(), "-v"], module, Remote(nginx.Url));
            if (!err.Contains(" 0 misses", StringComparison.Ordinal))
                throw new InvalidOperationException("the warm remote cache missed: " + err);
            warm.Add(ms);
            warmStats = Last(err);
            down.Add(Measure.ProcessMs(cli, Build(), module, Remote(refused)));
            hang.Add(Measure.ProcessMs(cli, Build(), module, Remote(blackhole.Url)));
        }

        // dotnet build from clean (no bin/ or obj/), once: the SDK's cold build of the same module.
        foreach (var d in Directory.GetDirectories(csproj, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(d) is "bin" or "obj").ToArray())
            if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
        Measure.ProcessMs("dotnet", ["restore", "All.sln", "-v:q"], csproj);
        var theirs = Measure.ProcessMs("dotnet", ["build", "All.sln", "--no-restore", "-nologo", "-v:q"], csproj);

        var (c, w, dn, h) = (Median(cold), Median(warm), Median(down), Median(hang));
        Console.WriteLine($"cold, no remote cache          {c,9:F0} ms   (dotnet build from clean {theirs:F0} ms, restored)");
        Console.WriteLine($"cold, warm remote cache        {w,9:F0} ms   {w / c:F2}× of cold (target ≤ 0.25×)   {warmStats}");
        Console.WriteLine($"cold, remote cache down        {dn,9:F0} ms   {dn / c:F2}× of cold (target ≤ 1.05×)");
        Console.WriteLine($"cold, remote cache unreachable {h,9:F0} ms   {(h - 2000) / c:F2}× of cold after the 2 s connect timeout (target ≤ 1.05×)");
        return 0;
    }

    private static string Last(string stderr) =>
        stderr.Split('\n').LastOrDefault(l => l.StartsWith("crossbuild: remote cache ", StringComparison.Ordinal))?["crossbuild: ".Length..] ?? "";

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    // A host that does not answer: a listener that never accepts, its backlog filled, so that new connections hang
    // in SYN retries until the client's connect timeout, as with a firewalled or unplugged server.
    private sealed class Blackhole : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _fillers = [];

        private Blackhole(Socket listener) => _listener = listener;

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

        public static Blackhole Start()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            var hole = new Blackhole(listener);
            for (var i = 0; i < 4; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try
                {
                    s.Connect(listener.LocalEndPoint!);
                }
                catch (SocketException)
                {
                    // In progress (or dropped): either way it holds a place in the queue.
                }
                hole._fillers.Add(s);
            }
            return hole;
        }

        public void Dispose()
        {
            foreach (var s in _fillers) s.Dispose();
            _listener.Dispose();
        }
    }
}
