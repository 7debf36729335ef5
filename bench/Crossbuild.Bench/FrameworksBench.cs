namespace Crossbuild.Bench;

/// <summary>
/// A six-runtime build of a module whose libraries multi-target netstandard2.0, net8.0 and net10.0, with an app on
/// net10.0 that imports them, cold (fresh cache), against <c>dotnet build -r</c> of the same csproj tree once per
/// runtime. Target: each library compiles once per framework, not once per runtime (3 × libraries + 1 compiles).
/// </summary>
public static class FrameworksBench
{
    private static readonly string[] Frameworks = ["netstandard2.0", "net8.0", "net10.0"];

    public static int Run(string repoRoot, string work, int libraries)
    {
        var dir = Path.Combine(work, "frameworks");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var module = Path.Combine(dir, "module");
        var csproj = Path.Combine(dir, "csproj");
        Write(Path.Combine(module, "crossbuild.json"), "{\"module\": \"Bench\", \"langVersion\": \"latest\"}");
        var refs = new List<string>();
        for (var i = 0; i < libraries; i++)
        {
            var name = $"Lib{i}";
            var source = $$"""
                namespace Bench.{{name}}
                {
                    public static class Api
                    {
                #if NET8_0_OR_GREATER
                        public static string Which => "modern {{i}}";
                #else
                        public static string Which => "standard {{i}}";
                #endif
                    }
                }
                """;
            for (var f = 0; f < 4; f++)
            {
                var file = source.Replace("class Api", f == 0 ? "class Api" : $"class Api{f}");
                Write(Path.Combine(module, "lib", name, $"f{f}.cs"), file);
                Write(Path.Combine(csproj, name, $"f{f}.cs"), file);
            }
            Write(Path.Combine(module, "lib", name, "crossbuild.json"), $"{{\"name\": \"Bench.{name}\", \"frameworks\": [\"{string.Join("\", \"", Frameworks)}\"]}}");
            Write(Path.Combine(csproj, name, $"Bench.{name}.csproj"),
                $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFrameworks>{string.Join(';', Frameworks)}</TargetFrameworks><LangVersion>latest</LangVersion></PropertyGroup></Project>");
            refs.Add($"<ProjectReference Include=\"../{name}/Bench.{name}.csproj\" />");
        }
        var main = "System.Console.WriteLine(" + string.Join(" + ", Enumerable.Range(0, libraries).Select(i => $"Bench.Lib{i}.Api.Which")) + ");";
        Write(Path.Combine(module, "cmd/app/main.cs"), main);
        Write(Path.Combine(csproj, "app/main.cs"), main);
        Write(Path.Combine(csproj, "app/app.csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup><ItemGroup>{string.Join("", refs)}</ItemGroup></Project>");
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;

        var rids = MatrixBench.Six;
        var (ms, output) = Measure.Process(cli, ["build", "-x", "--cache-dir", Path.Combine(dir, "cache"), "-r", string.Join(',', rids),
            "-o", Path.Combine(dir, "out") + "/", "./..."], module);
        var compiles = output.Split('\n').Count(l => l.StartsWith("compile ", StringComparison.Ordinal));
        Measure.ProcessMs("dotnet", ["build-server", "shutdown"], csproj);
        var sdk = rids.Sum(rid => Measure.ProcessMs("dotnet", ["build", "-r", rid, "-nologo", "-v:q"], Path.Combine(csproj, "app")));

        Console.WriteLine($"# frameworks: {libraries} libraries × {Frameworks.Length} frameworks and an app, {rids.Length} runtimes, {Environment.ProcessorCount} cores, cold");
        Console.WriteLine();
        Console.WriteLine("| measurement | value | target |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| crossbuild compiles, {rids.Length} runtimes in one run | {compiles} | {libraries * Frameworks.Length + 1} |");
        Console.WriteLine($"| crossbuild, cold, {rids.Length} runtimes | {ms:F0} ms | |");
        Console.WriteLine($"| {rids.Length} × `dotnet build -r` (first one cold) | {sdk:F0} ms | |");
        Console.WriteLine($"| speed-up over dotnet build | {sdk / ms:F1}× | |");
        return compiles == libraries * Frameworks.Length + 1 ? 0 : 1;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
