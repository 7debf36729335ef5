using System.Diagnostics;
using System.Text;

namespace Crossbuild.Cli.Server;

/// <summary>
/// The build server (<c>crossbuild server run</c>, started by the first client that wants it): one process per user
/// and tool build, listening on <see cref="ServerPaths.Address"/> (<see cref="Transport"/>), that runs clients' commands in process, so that the
/// JIT-compiled compiler, reference metadata, analyzers and the facts cache stay warm between commands. Commands
/// run one at a time, each with its client's environment variables and terminal, writing to the client through
/// frames. It refuses clients of another user (peer credentials) and of another tool build, and ends after
/// <c>CROSSBUILD_SERVER_IDLE</c> (default 15 minutes) without a command, or on <c>crossbuild server stop</c>.
/// </summary>
internal static class ServerHost
{
    /// <summary>The arguments of a status request.</summary>
    public const string StatusVerb = "\0status";

    /// <summary>The arguments of a stop request.</summary>
    public const string StopVerb = "\0stop";

    private static readonly Stopwatch Up = Stopwatch.StartNew();
    private static int _served;
    private static int _cancelled;
    private static int _trims;
    private static int _busy; // connections being served
    private static readonly Lock Gate = new(); // one command at a time: environment variables are process-wide

    /// <summary>Serves until idle or stopped; returns the exit code.</summary>
    public static int Run()
    {
        if (ServerPaths.Prepare() is { } problem)
        {
            Console.Error.WriteLine($"crossbuild: server: {problem}");
            return 1;
        }
        Work.WarmCaches.Enabled = true;
        // A daemon holds no directory open; each command gets its client's.
        Environment.CurrentDirectory = Path.GetPathRoot(Path.GetTempPath())!;
        // What the runtime itself prints (a crash) goes to the log, not to the first client's terminal.
        var log = new StreamWriter(new FileStream(ServerPaths.Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Console.SetOut(log);
        Console.SetError(log);
        using var listener = Transport.Listen();
        if (listener is null) return 0; // another server of this build got there first
        var idle = Idle();
        using var stop = new CancellationTokenSource();
        var last = Stopwatch.StartNew();
        // Never blocks on a command in progress (a timer callback waiting on Gate would hold a pool thread each second).
        var timer = new Timer(_ =>
        {
            lock (last)
                if (Volatile.Read(ref _busy) == 0 && last.Elapsed > idle) stop.Cancel();
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var _ = stop.Token.Register(listener.Dispose);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (listener.Accept() is not { } client) break;
                StopWarmUp(); // a command may be coming: the compiler is the client's
                var thread = new Thread(() =>
                {
                    Interlocked.Increment(ref _busy);
                    try
                    {
                        using (client)
                            Serve(client, listener, stop);
                    }
                    finally
                    {
                        lock (last) last.Restart();
                        Interlocked.Decrement(ref _busy);
                    }
                }) { IsBackground = true };
                thread.Start();
            }
        }
        finally
        {
            timer.Dispose();
            StopWarmUp();
            lock (Gate) // let a command in progress finish
                listener.Dispose();
        }
        return 0;
    }

    // One connection: checks, then the command. True when a command ran.
    private static bool Serve(Stream stream, Listener listener, CancellationTokenSource stop)
    {
        if (!listener.SameUser(stream)) return false;
        ServerRequest request;
        try
        {
            request = ServerRequest.Read(stream);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException)
        {
            return false;
        }
        var gate = new Lock();
        if (request.ToolId != ServerPaths.ToolId)
        {
            Reply(stream, gate, FrameKind.Stderr, $"crossbuild: server: refusing a client of another tool build ({request.ToolId})\n");
            Reply(stream, gate, FrameKind.Exit, null, 3);
            return false;
        }
        if (request.Arguments is [StatusVerb])
        {
            using var self = Process.GetCurrentProcess();
            Reply(stream, gate, FrameKind.Stdout, $"pid {Environment.ProcessId}, up {Up.Elapsed:d\\.hh\\:mm\\:ss}, {self.WorkingSet64 >> 20} MB resident, " +
                $"{_served} commands served, {_cancelled} cancelled, {Work.Compile.CompilerWarmUp.Done} warm-up compiles, {Work.WarmCaches.Describe()}, trimmed {_trims} times, listening on {ServerPaths.Address}\n");
            Reply(stream, gate, FrameKind.Exit, null, 0);
            return false;
        }
        if (request.Arguments is [StopVerb])
        {
            Reply(stream, gate, FrameKind.Stdout, $"stopped the server (pid {Environment.ProcessId})\n");
            Reply(stream, gate, FrameKind.Exit, null, 0);
            stop.Cancel();
            return false;
        }
        // The client sends nothing more but run's exit codes; the end of its stream means it went away (Ctrl-C,
        // kill -9), and its command is cancelled: no action starts after that, compiles and test processes stop.
        using var gone = new CancellationTokenSource();
        var programs = new ClientPrograms(stream, gate, gone);
        var watcher = new Thread(programs.Watch) { IsBackground = true, Name = "client watch" };
        watcher.Start();
        lock (Gate)
        {
            var code = Execute(request, stream, gate, programs, gone.Token);
            Interlocked.Increment(ref _served);
            if (code == CliApp.ExitCancelled) Interlocked.Increment(ref _cancelled);
            Reply(stream, gate, FrameKind.Exit, null, code);
            TrimIfOverBudget();
        }
        WarmUpWhileIdle();
        return true;
    }

    // How many compiles warm a new server's compiler: the tiered JIT has optimised Roslyn's hot paths by then.
    private const int WarmUpCompiles = 8;
    private static CancellationTokenSource? _warming;
    private static readonly Lock WarmGate = new();

    // After a command, while no other arrives: recompile what the server last compiled (CompilerWarmUp), on one
    // thread, holding the command gate; the next connection cancels it within milliseconds.
    // CROSSBUILD_SERVER_WARMUP=0 turns it off.
    private static void WarmUpWhileIdle()
    {
        if (Environment.GetEnvironmentVariable("CROSSBUILD_SERVER_WARMUP") is "0" || Work.Compile.CompilerWarmUp.Done >= WarmUpCompiles) return;
        var cts = new CancellationTokenSource();
        lock (WarmGate)
        {
            if (_warming is not null || Volatile.Read(ref _busy) > 1) return; // warming already, or another command waits
            _warming = cts;
        }
        new Thread(() =>
        {
            try
            {
                // A short pause first: scripts run commands back to back.
                if (cts.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(300))) return;
                lock (Gate)
                    Work.Compile.CompilerWarmUp.Run(WarmUpCompiles - Work.Compile.CompilerWarmUp.Done, cts.Token);
            }
            finally
            {
                lock (WarmGate) if (_warming == cts) _warming = null;
                cts.Dispose();
            }
        }) { IsBackground = true, Name = "compiler warm-up" }.Start();
    }

    private static void StopWarmUp()
    {
        lock (WarmGate)
        {
            _warming?.Cancel();
            _warming = null;
        }
    }

    // After a command (its client already has its exit code): past CROSSBUILD_SERVER_MEMORY megabytes resident
    // (default 1024), the warm caches are emptied and the heap compacted, so a server that has seen many modules
    // gives its memory back; it is warm again after a build or two.
    private static void TrimIfOverBudget()
    {
        var budget = long.TryParse(Environment.GetEnvironmentVariable("CROSSBUILD_SERVER_MEMORY"), out var mb) && mb > 0 ? mb : 1024;
        using var self = Process.GetCurrentProcess();
        if (self.WorkingSet64 >> 20 < budget) return;
        Work.WarmCaches.Trim();
        Interlocked.Increment(ref _trims);
    }

    // The command, with the client's environment and terminal, its output as frames.
    private static int Execute(ServerRequest request, Stream stream, Lock gate, ClientPrograms programs, CancellationToken gone)
    {
        var saved = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(ServerRequest.Forwarded)
            .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k), StringComparer.Ordinal);
        foreach (var k in saved.Keys) Environment.SetEnvironmentVariable(k, null);
        foreach (var (k, v) in request.Environment) Environment.SetEnvironmentVariable(k, v);
        var utf8 = new UTF8Encoding(false);
        var stdout = new FrameStream(stream, FrameKind.Stdout, gate);
        var stderr = new FrameStream(stream, FrameKind.Stderr, gate);
        using var outWriter = TextWriter.Synchronized(new StreamWriter(stdout, utf8) { AutoFlush = true });
        using var errWriter = TextWriter.Synchronized(new StreamWriter(stderr, utf8) { AutoFlush = true });
        try
        {
            // Relative paths (--cache-dir, CROSSBUILD_CACHE) resolve against the client's directory, as in its process.
            try { Environment.CurrentDirectory = request.Directory; } catch (IOException) { } // then the command says it is missing
            Terminal.UseClient(errWriter, request.StderrIsTerminal, request.Width);
            using (Work.BuildCancellation.Use(gone))
                return CliApp.Run([.. request.Arguments], outWriter, errWriter, request.Directory, programs.Run);
        }
        finally
        {
            Terminal.Reset();
            Environment.CurrentDirectory = Path.GetPathRoot(Path.GetTempPath())!;
            foreach (var (k, _) in request.Environment) Environment.SetEnvironmentVariable(k, null);
            foreach (var (k, v) in saved) Environment.SetEnvironmentVariable(k, v);
        }
    }

    // crossbuild run's program runs in the client, on its terminal; the server waits for its exit code. The one
    // reader of the client's frames also notices when the client goes away.
    private sealed class ClientPrograms(Stream stream, Lock gate, CancellationTokenSource gone)
    {
        private readonly System.Collections.Concurrent.BlockingCollection<int> _exits = new();

        public void Watch()
        {
            try
            {
                while (Frames.Read(stream) is var (kind, payload))
                    if (kind == FrameKind.ExecExit && payload.Length == 4) _exits.Add(BitConverter.ToInt32(payload));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
            {
            }
            try { gone.Cancel(); } catch (ObjectDisposedException) { } // the command ended first
            _exits.CompleteAdding();
        }

        public int Run(string muxer, IReadOnlyList<string> args, string directory)
        {
            lock (gate) Frames.Write(stream, FrameKind.Exec, Frames.Strings([muxer, directory, .. args]));
            try
            {
                return _exits.Take(gone.Token);
            }
            catch (InvalidOperationException)
            {
                throw new OperationCanceledException(gone.Token);
            }
        }
    }

    private static void Reply(Stream stream, Lock gate, FrameKind kind, string? text, int code = 0)
    {
        try
        {
            lock (gate) Frames.Write(stream, kind, text is null ? Frames.Int(code) : Encoding.UTF8.GetBytes(text));
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    // CROSSBUILD_SERVER_IDLE: seconds, or a number with s, m or h.
    private static TimeSpan Idle()
    {
        var text = Environment.GetEnvironmentVariable("CROSSBUILD_SERVER_IDLE");
        if (string.IsNullOrEmpty(text)) return TimeSpan.FromMinutes(15);
        var unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        var number = unit == 0 ? text : text[..^1];
        return double.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? TimeSpan.FromSeconds(v * (unit == 0 ? 1 : unit))
            : TimeSpan.FromMinutes(15);
    }
}
