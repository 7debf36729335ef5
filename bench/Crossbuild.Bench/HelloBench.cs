namespace Crossbuild.Bench;

/// <summary>
/// A one-file hello world, edited and rerun, against .NET 10's own fast path, side by side in one run: <c>dotnet run
/// app.cs</c> (a file-based app: no MSBuild on a rerun, the warm compiler server), <c>crossbuild run ./cmd/hello</c>
/// through the warm build server and in a new process, and <c>dotnet run</c> on a csproj. Target: through the server,
/// ≤ 0.6× of <c>dotnet run app.cs</c>.
/// </summary>
public static class HelloBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        var dir = Path.Combine(work, "hello");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var module = Path.Combine(dir, "module");
        var fileApp = Path.Combine(dir, "file-app");
        var csproj = Path.Combine(dir, "csproj");
        foreach (var d in new[] { Path.Combine(module, "cmd", "hello"), fileApp, csproj }) Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(module, "crossbuild.json"), "{\"module\": \"Hello\"}\n");
        File.WriteAllText(Path.Combine(csproj, "hello.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n" +
            "    <ImplicitUsings>enable</ImplicitUsings>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        var sources = new[] { Path.Combine(module, "cmd", "hello", "main.cs"), Path.Combine(fileApp, "app.cs"), Path.Combine(csproj, "Program.cs") };
        void Edit(int round)
        {
            foreach (var s in sources) File.WriteAllText(s, $"System.Console.WriteLine(\"hello {round}\");\n");
        }

        var server = new Dictionary<string, string> { ["CROSSBUILD_SERVER"] = "1", ["CROSSBUILD_SERVER_DIR"] = Path.Combine(dir, "srv"), ["CI"] = "" };
        string[] ours = ["run", "--cache-dir", Path.Combine(dir, "cache"), "./cmd/hello"];
        string[] oursInProcess = ["run", "--cache-dir", Path.Combine(dir, "cache-in-process"), "./cmd/hello"];
        var fileRun = new List<double>();
        var serverRun = new List<double>();
        var processRun = new List<double>();
        var csprojRun = new List<double>();
        try
        {
            // Warm every path: the compiler servers, the build server, the file-based app's artifacts.
            for (var r = 0; r < 3; r++)
            {
                Edit(r);
                Check(Measure.ProcessOut("dotnet", ["run", "app.cs"], fileApp), r, "dotnet run app.cs");
                Check(Measure.ProcessOut(cli, ours, module, server), r, "crossbuild run (server)");
                Check(Measure.ProcessOut(cli, oursInProcess, module), r, "crossbuild run");
                Check(Measure.ProcessOut("dotnet", ["run"], csproj), r, "dotnet run");
            }
            for (var r = 0; r < rounds; r++)
            {
                // A developer's pace: a second between saves, for both servers alike.
                Thread.Sleep(1000);
                Edit(100 + r);
                fileRun.Add(Check(Measure.ProcessOut("dotnet", ["run", "app.cs"], fileApp), 100 + r, "dotnet run app.cs"));
                serverRun.Add(Check(Measure.ProcessOut(cli, ours, module, server), 100 + r, "crossbuild run (server)"));
                processRun.Add(Check(Measure.ProcessOut(cli, oursInProcess, module), 100 + r, "crossbuild run"));
                csprojRun.Add(Check(Measure.ProcessOut("dotnet", ["run"], csproj), 100 + r, "dotnet run"));
            }
        }
        finally
        {
            Measure.Process(cli, ["server", "stop"], module, server);
        }

        var file = Median(fileRun);
        Console.WriteLine($"# hello: a one-file program edited and rerun, {Environment.ProcessorCount} cores, {rounds} rounds, medians, a second between edits");
        Console.WriteLine();
        Console.WriteLine("| edit, then | ms | × dotnet run app.cs | target |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| `dotnet run app.cs` (file-based app) | {file:F0} | 1.00 | |");
        Console.WriteLine($"| `crossbuild run ./cmd/hello`, warm server | {Median(serverRun):F0} | {Median(serverRun) / file:F2} | ≤ 0.6 |");
        Console.WriteLine($"| `crossbuild run ./cmd/hello`, in process | {Median(processRun):F0} | {Median(processRun) / file:F2} | |");
        Console.WriteLine($"| `dotnet run` (csproj) | {Median(csprojRun):F0} | {Median(csprojRun) / file:F2} | |");
        return 0;
    }

    // The run's time, once it printed this round's line.
    private static double Check((double Ms, string StdOut) run, int round, string what) =>
        run.StdOut.Trim() == $"hello {round}" ? run.Ms : throw new InvalidOperationException($"{what} printed {run.StdOut.Trim()}, not hello {round}");

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
