namespace Crossbuild.Bench;

/// <summary>
/// A web app's no-op build against a console app's, each from a new process (the ReadyToRun CLI), with
/// <c>dotnet build</c> of the same two projects beside them. Target: the web no-op ≤ 1.2× the console no-op.
/// </summary>
public static class WebBench
{
    private const string Web = """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () => app.Configuration["Greeting"] ?? "none");
        app.Run();
        """;

    public static int Run(string repoRoot, string work, int rounds)
    {
        var dir = Path.Combine(work, "web");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var module = Path.Combine(dir, "module");
        var csproj = Path.Combine(dir, "csproj");
        Write(Path.Combine(module, "crossbuild.json"), "{\"module\": \"Bench\"}");
        Write(Path.Combine(module, "cmd/web/crossbuild.json"), "{\"name\": \"web\", \"sdk\": \"web\"}");
        foreach (var root in new[] { Path.Combine(module, "cmd"), csproj })
        {
            Write(Path.Combine(root, "web/Program.cs"), Web);
            Write(Path.Combine(root, "web/appsettings.json"), "{\"Greeting\": \"hi\"}");
            Write(Path.Combine(root, "console/Program.cs"), "System.Console.WriteLine(\"hi\");");
        }
        Write(Path.Combine(csproj, "web/web.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>");
        Write(Path.Combine(csproj, "console/console.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        var cache = Path.Combine(dir, "cache");
        string[] Ours(string app) => ["build", "--cache-dir", cache, "-o", Path.Combine(dir, "out", app) + "/", "./cmd/" + app];

        foreach (var app in new[] { "web", "console" })
        {
            Measure.ProcessMs(cli, Ours(app), module); // prime: compile, then a no-op
            Measure.ProcessMs(cli, Ours(app), module);
            Measure.ProcessMs("dotnet", ["build", "-nologo", "-v:q"], Path.Combine(csproj, app));
            Measure.ProcessMs("dotnet", ["build", "-nologo", "-v:q"], Path.Combine(csproj, app));
        }
        var times = new Dictionary<string, List<double>> { ["web"] = [], ["console"] = [], ["sdk web"] = [], ["sdk console"] = [] };
        for (var r = 0; r < rounds; r++)
            foreach (var app in new[] { "web", "console" })
            {
                times[app].Add(Measure.ProcessMs(cli, Ours(app), module));
                times["sdk " + app].Add(Measure.ProcessMs("dotnet", ["build", "-nologo", "-v:q"], Path.Combine(csproj, app)));
            }
        double M(string k) => times[k].Order().ElementAt(times[k].Count / 2);
        Console.WriteLine($"# web: no-op builds from a new process, {Environment.ProcessorCount} cores, {rounds} round(s), medians");
        Console.WriteLine();
        Console.WriteLine("| measurement | web ms | console ms | web / console | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| crossbuild no-op | {M("web"):F0} | {M("console"):F0} | {M("web") / M("console"):F2} | ≤ 1.2 |");
        Console.WriteLine($"| dotnet build no-op | {M("sdk web"):F0} | {M("sdk console"):F0} | {M("sdk web") / M("sdk console"):F2} | |");
        Console.WriteLine($"| crossbuild / dotnet build (web) | | | 1/{M("sdk web") / M("web"):F0} | |");
        return 0;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
