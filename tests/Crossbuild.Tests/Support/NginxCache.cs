using System.Diagnostics;
using System.Net.Sockets;

namespace Crossbuild.Tests.Support;

/// <summary>
/// nginx from the system packages as a Bazel HTTP cache: WebDAV PUT into a folder, static GET and HEAD, on
/// 127.0.0.1 at a free port, with a configuration written by the test, in the foreground of a process the test owns.
/// The remote cache bench links this file too.
/// </summary>
public sealed class NginxCache : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    /// <summary>nginx's path, or null when it is not installed.</summary>
    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    public NginxCache()
    {
        _dir = Path.Combine(Path.GetTempPath(), "crossbuild-tests", "nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, "store"));
        Port = FreePort();
        // As root, nginx's workers would switch to "nobody", who may not write the test's folder.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        File.WriteAllText(Path.Combine(_dir, "nginx.conf"), $$"""
            {{user}}daemon off;
            worker_processes 1;
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log;
            events { worker_connections 256; }
            http {
                access_log {{_dir}}/access.log;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
                server {
                    listen 127.0.0.1:{{Port}};
                    root {{_dir}}/store;
                    client_max_body_size 0;
                    location /cache/ {
                        dav_methods PUT;
                        create_full_put_path on;
                        dav_access user:rw group:r all:r;
                    }
                }
            }
            """);
        _process = Process.Start(new ProcessStartInfo(Binary!, ["-p", _dir, "-c", Path.Combine(_dir, "nginx.conf")])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Listening())
        {
            if (_process.HasExited || DateTime.UtcNow > until)
                throw new InvalidOperationException($"nginx did not start: {_process.StandardError.ReadToEnd()} {Log}");
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    private static int FreePort()
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>The cache's URL, with an instance prefix.</summary>
    public string Url => $"http://127.0.0.1:{Port}/cache/team";

    /// <summary>The files the cache holds, relative to its root (<c>ac/…</c>, <c>cas/…</c>).</summary>
    public string[] Entries(string kind)
    {
        var dir = Path.Combine(_dir, "store", "cache", "team", kind);
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    public string Log => File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "";

    /// <summary>Requests in nginx's access log, one line each.</summary>
    public string[] Access => File.Exists(Path.Combine(_dir, "access.log")) ? File.ReadAllLines(Path.Combine(_dir, "access.log")) : [];

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stops nginx now, as a crashed or unplugged server: SIGTERM (nginx's fast shutdown, which drops open
    /// connections), then SIGKILL to the master and its workers if any is left.
    /// </summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        var workers = Children(_process.Id);
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        if (!_process.WaitForExit(5_000)) _process.Kill();
        foreach (var pid in workers)
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
    }

    // The processes whose parent is pid, from /proc.
    private static int[] Children(int pid) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!))
            .Where(p => ParentOf(p) == pid).ToArray();

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
