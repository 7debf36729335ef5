using System.Diagnostics;
using Crossbuild.Diagnostics;

namespace Crossbuild.Work.Native;

/// <summary>What a native tool printed and how it exited.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Standard output and standard error, interleaved by line as they arrived.</param>
internal sealed record ToolRun(int ExitCode, IReadOnlyList<string> Output);

/// <summary>Runs a native tool of a build step (crossgen2, ilc, the linker) to completion, its output captured.</summary>
internal static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="arguments"/>; a tool that cannot start is a one-line error
    /// naming <paramref name="what"/>. Cancellation kills it.
    /// </summary>
    public static ToolRun Run(string path, IReadOnlyList<string> arguments, string what, CancellationToken cancel, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Tools print in English, so that their messages can be matched and read the same everywhere.
        psi.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        var lines = new List<string>();
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new CrossbuildException($"{what}: {path} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CrossbuildException($"{what}: cannot run {path}: {e.Message}");
        }
        using (process)
        {
            void Add(object? _, DataReceivedEventArgs e)
            {
                if (e.Data is null) return;
                lock (lines) lines.Add(e.Data);
            }
            process.OutputDataReceived += Add;
            process.ErrorDataReceived += Add;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (cancel.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
                process.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            lock (lines) return new ToolRun(process.ExitCode, lines.ToArray());
        }
    }

    /// <summary>Makes sure a tool extracted from a NuGet package can be executed (an extractor may drop the mode bits).</summary>
    public static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | exec);
    }
}
