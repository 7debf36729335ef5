using System.Diagnostics;

namespace Crossbuild.Bench;

/// <summary>Timing helpers: run an action or a process several times and take the median.</summary>
public static class Measure
{
    public static double MedianMs(int runs, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    public static double OnceMs(Action action) => MedianMs(1, action);

    /// <summary>Runs a process to completion (output discarded) and returns its wall time; throws if it fails.</summary>
    public static double ProcessMs(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null) => Process(file, args, workingDirectory, environment).Ms;

    /// <summary>Runs a process to completion and returns its wall time and stderr; throws if it fails.</summary>
    public static (double Ms, string StdErr) Process(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // In process unless a measurement asks for the build server: rows say which they measure.
        psi.Environment["CROSSBUILD_SERVER"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err.Result}");
        return (ms, err.Result);
    }

    /// <summary>Runs a process to completion and returns its wall time and stdout; throws if it fails.</summary>
    public static (double Ms, string StdOut) ProcessOut(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["CROSSBUILD_SERVER"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output} {err.Result}");
        return (ms, output);
    }

    public static double MedianProcessMs(int runs, string file, IEnumerable<string> args, string workingDirectory)
    {
        var list = args.ToArray();
        var times = Enumerable.Range(0, runs).Select(_ => ProcessMs(file, list, workingDirectory)).Order().ToArray();
        return times[times.Length / 2];
    }
}
