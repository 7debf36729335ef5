using System.Diagnostics;
using Crossbuild.Fuzz;

namespace Crossbuild.Bench;

/// <summary>
/// The long fuzz run: the CI property (<c>tests/Crossbuild.Tests/Fuzz</c>) over many more cases, round-robin over
/// every parser of user input, reporting cases per second and each failure with the input that reproduces it.
/// </summary>
public static class FuzzBench
{
    public static int Run(string work, int cases)
    {
        var module = Path.Combine(work, "fuzz-module");
        Directory.CreateDirectory(Path.Combine(module, "lib", "text"));
        File.WriteAllText(Path.Combine(module, "crossbuild.json"), "{\"module\": \"Acme\"}");
        File.WriteAllText(Path.Combine(module, "lib", "text", "text.cs"), "namespace Acme.Text; public static class T { }");
        var targets = Fuzzing.Targets(module);
        var failures = new List<string>();
        var perTarget = targets.ToDictionary(t => t.Name, _ => 0);
        var clock = Stopwatch.StartNew();
        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var target = targets[i % targets.Count];
            var input = target.Generate(new Random(i));
            var failure = Fuzzing.Check(target, input, TimeSpan.FromSeconds(10));
            lock (failures)
            {
                perTarget[target.Name]++;
                if (failure is not null) failures.Add($"case {i}: {failure}");
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"| target | cases |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, n) in perTarget) Console.WriteLine($"| {name} | {n} |");
        Console.WriteLine();
        Console.WriteLine($"{cases} cases in {seconds:F1} s ({cases / seconds:F0} cases/s): {failures.Count} failures " +
                          $"({failures.Count(f => f.Contains("(a hang)", StringComparison.Ordinal))} hangs)");
        foreach (var f in failures.Take(20)) Console.WriteLine("  " + f);
        return failures.Count == 0 ? 0 : 1;
    }
}
