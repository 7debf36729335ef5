using System.Diagnostics;
using System.Runtime.InteropServices;
using Crossbuild.Diagnostics;

namespace Crossbuild.Watch;

/// <summary>
/// A program <c>crossbuild watch run</c> started: through the dotnet muxer that hosts this SDK, with the terminal's
/// standard streams. Stopping asks it to end as Ctrl-C would (SIGTERM on Unix), then ends its process tree if it has
/// not ended within the grace period.
/// </summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _process;

    private RunningProgram(Process process) => _process = process;

    /// <summary>The program's process ID.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code, once it has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>How long <see cref="Stop"/> waits after asking, before it ends the process tree.</summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Starts <paramref name="app"/> (as <see cref="BuiltApp.StartCommand"/> says) with <paramref name="args"/> in <paramref name="workingDirectory"/>; <paramref name="exited"/> is called if it ends by itself.</summary>
    public static RunningProgram Start(BuiltApp app, IReadOnlyList<string> args, string workingDirectory, Action<RunningProgram>? exited = null)
    {
        var (file, arguments) = app.StartCommand(args);
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var program = new RunningProgram(process);
        process.Exited += (_, _) =>
        {
            if (!program._stopping) exited?.Invoke(program);
        };
        if (!process.Start()) throw new CrossbuildException($"watch: cannot start {file}");
        return program;
    }

    private volatile bool _stopping;

    /// <summary>Stops the program (see the type) and waits until it has ended.</summary>
    public void Stop()
    {
        _stopping = true;
        if (_process.HasExited) return;
        if (!OperatingSystem.IsWindows() && Kill(_process.Id, SigTerm) == 0 && _process.WaitForExit(Grace)) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended in between.
        }
        _process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
