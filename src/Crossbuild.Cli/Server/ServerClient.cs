using System.Diagnostics;

namespace Crossbuild.Cli.Server;

/// <summary>
/// The client side of the build server: decides whether a command goes to the server, finds or starts it, sends the
/// command and streams its output, and runs <c>run</c>'s program on this terminal. It loads neither Roslyn nor NuGet.
/// Whenever the server cannot be used, it says so in one line on stderr and the command runs in process.
/// </summary>
internal static class ServerClient
{
    /// <summary>The flag that keeps one command in process.</summary>
    public const string NoServerFlag = "--no-server";

    // The verbs whose work a warm process speeds up, and whose output does not depend on this process.
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "build", "run", "test", "list", "ide" };

    /// <summary>
    /// Whether commands use the server: <c>CROSSBUILD_SERVER=0</c> never, <c>=1</c> always; otherwise yes, except under
    /// CI (<c>CI</c> set), where a build is usually the only one of its machine, and on Windows, whose named-pipe
    /// transport is opt-in (<c>CROSSBUILD_SERVER=1</c>) until it has run on Windows CI.
    /// </summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("CROSSBUILD_SERVER") switch
    {
        "0" or "false" => false,
        "1" or "true" => true,
        _ => !OperatingSystem.IsWindows() &&
             (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || Environment.GetEnvironmentVariable("CI") is "0" or "false"),
    };

    /// <summary>Runs <paramref name="args"/> through the server; null when it should run in process (the reason, if any, was printed).</summary>
    public static int? TryRun(string[] args, string directory)
    {
        if (!Enabled || Verb(args) is not { } verb || !Verbs.Contains(verb)) return null;
        // run -json reads the program's output itself, so the program would run in the server, away from this
        // terminal's stdin and from this process's signals: it stays in process.
        if (verb == "run" && args.TakeWhile(a => a != "--").Contains("-json")) return null;
        try
        {
            return Served(args, directory);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A build never fails because of the server, whatever went wrong on the way to it.
            return Fallback($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static int? Served(string[] args, string directory)
    {
        if (ServerPaths.Prepare() is { } problem) return Fallback(problem);
        using var stream = Transport.Connect() ?? Start();
        if (stream is null) return Fallback($"the server did not start (its log: {ServerPaths.Log})");
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(ServerRequest.Forwarded)
            .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k) ?? "", StringComparer.Ordinal);
        var request = new ServerRequest(ServerPaths.ToolId, directory, args, environment, !Console.IsErrorRedirected,
            Console.IsErrorRedirected ? 0 : Terminal.ConsoleWidth());
        try
        {
            request.Write(stream);
            return Pump(stream);
        }
        catch (IOException)
        {
        }
        return Fallback("the server went away");
    }

    /// <summary>Sends a status or stop request; null when no server is running.</summary>
    public static int? Control(string verb)
    {
        if (ServerPaths.Prepare() is not null || Transport.Connect() is not { } stream) return null;
        using (stream)
        {
            new ServerRequest(ServerPaths.ToolId, Environment.CurrentDirectory, [verb], new Dictionary<string, string>(), false, 0).Write(stream);
            return Pump(stream);
        }
    }

    // Frames until the exit code; an IOException when the server goes away before it.
    private static int Pump(Stream stream)
    {
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        while (Frames.Read(stream) is var (kind, payload))
            switch (kind)
            {
                case FrameKind.Stdout:
                    stdout.Write(payload);
                    stdout.Flush();
                    break;
                case FrameKind.Stderr:
                    stderr.Write(payload);
                    stderr.Flush();
                    break;
                case FrameKind.Exit:
                    return BitConverter.ToInt32(payload);
                case FrameKind.Exec:
                    var code = Exec(Frames.ReadStrings(payload));
                    Frames.Write(stream, FrameKind.ExecExit, Frames.Int(code));
                    break;
            }
        throw new IOException("the server closed the connection");
    }

    // run's program, on this terminal.
    private static int Exec(string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { WorkingDirectory = command[1], UseShellExecute = false };
        foreach (var a in command.Skip(2)) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static int? Fallback(string why)
    {
        Console.Error.WriteLine($"crossbuild: server: {why}; running in process");
        return null;
    }

    // Starts `crossbuild server run` apart from this terminal, so that its Ctrl-C does not reach it (a session of
    // its own on Unix, a console of its own on Windows), then waits up to 5 s for it to listen.
    private static Stream? Start()
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(ServerClient).Assembly.Location);
        args.AddRange(["server", "run"]);
        var setsid = OperatingSystem.IsWindows() ? null : new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var psi = new ProcessStartInfo(setsid ?? self)
        {
            UseShellExecute = false, CreateNoWindow = true,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (setsid is not null) psi.ArgumentList.Add(self);
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var server = Process.Start(psi);
            if (server is null) return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (Transport.Connect() is { } stream) return stream;
            Thread.Sleep(10);
        }
        return null;
    }

    // The verb: the first word that is neither a global flag nor its value.
    private static string? Verb(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-C" or "--cache-dir") { i++; continue; }
            if (a.StartsWith('-')) continue;
            return a;
        }
        return null;
    }
}
