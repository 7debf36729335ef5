using System.Diagnostics;
using System.Text;

namespace Crossbuild.Tests.Support;

/// <summary>
/// A long-running process (the CLI in watch mode) whose stdout and stderr are collected line by line, in one
/// sequence, so that a test can wait for a line and then act.
/// </summary>
public sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    public LiveProcess(string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        // As ProcessRunner's: the same build environment (so the same build server) and in process unless asked.
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["CROSSBUILD_SERVER"] = "0";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The CLI with a cache of the test's own.</summary>
    public static LiveProcess Cli(string workingDirectory, string cache, params string[] args) =>
        new("dotnet", workingDirectory, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = cache }, [CliRunner.CliDll, .. args]);

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Add(line);
            Monitor.PulseAll(_lines);
        }
    }

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    /// <summary>Everything so far, for failure messages.</summary>
    public string Text => string.Join("\n", Lines);

    /// <summary>Waits for a line after the first <paramref name="skip"/> that satisfies <paramref name="match"/>; returns its index, or throws with what was printed.</summary>
    public int WaitFor(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        var exited = false;
        lock (_lines)
        {
            while (true)
            {
                for (var i = skip; i < _lines.Count; i++)
                    if (match(_lines[i])) return i;
                var left = deadline - DateTime.UtcNow;
                // After an exit, one more wait lets the last lines arrive.
                if (left <= TimeSpan.Zero || exited)
                    throw new TimeoutException($"no such line in {timeout.TotalSeconds:F0}s (exited: {_process.HasExited}); printed:\n{string.Join("\n", _lines)}");
                exited = _process.HasExited;
                Monitor.Wait(_lines, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Sends SIGINT (as Ctrl-C) on Unix, and waits for the exit; returns the exit code.</summary>
    public int Interrupt(TimeSpan timeout)
    {
        if (!OperatingSystem.IsWindows()) Kill(_process.Id, 2);
        else _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(timeout)) throw new TimeoutException("the process did not end after SIGINT:\n" + Text);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process's ID.</summary>
    public int Id => _process.Id;

    /// <summary>Waits for the exit; returns the exit code, or throws with what was printed.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"the process did not end in {timeout.TotalSeconds:F0}s:\n" + Text);
        _process.WaitForExit(); // the last lines
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL (kill -9), as a user or the OOM killer would, and waits for it.</summary>
    public void KillHard()
    {
        Kill(_process.Id, 9);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            try { _process.Kill(entireProcessTree: true); _process.WaitForExit(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
