namespace Crossbuild.Bench;

/// <summary>
/// <c>crossbuild test ./...</c> against <c>dotnet test</c> on the same sources: a module of independent libraries,
/// each with in-package xUnit.net v3 tests, and its csproj tree with one library and one test project per library
/// (both on Microsoft.Testing.Platform). Cold, a rerun with nothing changed, and a rerun after a body edit in one leaf
/// library. Targets: cold ≤ 0.5×, rerun ≤ 1/20, after the edit ≤ 0.2×.
/// </summary>
public static class TestBench
{
    private const int Tests = 20;

    public static int Run(string repoRoot, string work, int libraries)
    {
        var dir = Path.Combine(work, "test");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var module = Path.Combine(dir, "module");
        var csproj = Path.Combine(dir, "csproj");
        Write(Path.Combine(module, "crossbuild.json"),
            "{\"module\": \"Bench\", \"testPackages\": {\"xunit.v3\": \"4.0.2\", \"Microsoft.Testing.Extensions.TrxReport\": \"2.5.2\"}}");
        Write(Path.Combine(csproj, "global.json"), "{\"test\": {\"runner\": \"Microsoft.Testing.Platform\"}}");
        var projects = new List<string>();
        for (var i = 0; i < libraries; i++)
        {
            var name = $"Lib{i}";
            var lib = Library(name, 0);
            var tests = TestSource(name);
            Write(Path.Combine(module, "lib", name, "Calc.cs"), lib);
            Write(Path.Combine(module, "lib", name, "calc_test.cs"), tests);
            Write(Path.Combine(csproj, name, "Calc.cs"), lib);
            Write(Path.Combine(csproj, name, $"Bench.{name}.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup></Project>");
            Write(Path.Combine(csproj, name + ".Tests", "calc_test.cs"), tests);
            Write(Path.Combine(csproj, name + ".Tests", $"Bench.{name}.Tests.csproj"), $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="xunit.v3" Version="4.0.2" />
                    <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.2" />
                    <ProjectReference Include="../{{name}}/Bench.{{name}}.csproj" />
                  </ItemGroup>
                </Project>
                """);
            projects.Add(Path.Combine(name, $"Bench.{name}.csproj"));
            projects.Add(Path.Combine(name + ".Tests", $"Bench.{name}.Tests.csproj"));
        }
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        Measure.ProcessMs("dotnet", ["new", "sln", "-n", "Bench", "--format", "sln"], csproj);
        Measure.ProcessMs("dotnet", ["sln", "Bench.sln", "add", .. projects], csproj);

        var cache = Path.Combine(dir, "cache");
        string[] ours = ["test", "--cache-dir", cache, "./..."];
        string[] theirs = ["test", "--solution", "Bench.sln"];
        Measure.ProcessMs("dotnet", ["build-server", "shutdown"], csproj);
        var (cbCold, coldOut) = Measure.ProcessOut(cli, ours, module);
        var sdkCold = Measure.ProcessMs("dotnet", theirs, csproj);
        var (cbRerun, rerunOut) = Measure.ProcessOut(cli, ours, module);
        var sdkRerun = Measure.ProcessMs("dotnet", theirs, csproj);
        // A body edit in one leaf library.
        foreach (var root in new[] { Path.Combine(module, "lib", "Lib0"), Path.Combine(csproj, "Lib0") })
            Write(Path.Combine(root, "Calc.cs"), Library("Lib0", 1));
        var (cbEdit, editOut) = Measure.ProcessOut(cli, ours, module);
        var sdkEdit = Measure.ProcessMs("dotnet", theirs, csproj);

        var ok = coldOut.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)) == libraries;
        var cached = rerunOut.Split('\n').Count(l => l.Contains("(cached)", StringComparison.Ordinal));
        var rerunAfterEdit = editOut.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal) && !l.Contains("(cached)", StringComparison.Ordinal));
        Console.WriteLine($"# test: {libraries} libraries × {Tests} xUnit.net v3 tests, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| measurement | crossbuild test | dotnet test | ratio | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| cold | {cbCold:F0} ms | {sdkCold:F0} ms | {cbCold / sdkCold:F3} | ≤ 0.5 |");
        Console.WriteLine($"| rerun, nothing changed | {cbRerun:F0} ms | {sdkRerun:F0} ms | {cbRerun / sdkRerun:F3} | ≤ 0.05 |");
        Console.WriteLine($"| after a body edit in one leaf | {cbEdit:F0} ms | {sdkEdit:F0} ms | {cbEdit / sdkEdit:F3} | ≤ 0.2 |");
        Console.WriteLine();
        Console.WriteLine($"packages ok cold: {(ok ? libraries : 0)}/{libraries}; cached on rerun: {cached}; rerun after the edit: {rerunAfterEdit} (expected 1)");
        return ok && cached == libraries && rerunAfterEdit == 1 ? 0 : 1;
    }

    private static string Library(string name, int edit) => $$"""
        namespace Bench.{{name}};
        public static class Calc
        {
            public static int Add(int a, int b) => a + b + {{edit}} - {{edit}};
            internal static int Twice(int a) => Add(a, a);
        }
        """;

    private static string TestSource(string name) => "using Xunit;\nnamespace Bench." + name + ".Tests;\npublic class CalcTests\n{\n" +
        string.Concat(Enumerable.Range(0, Tests).Select(t => $"    [Fact] public void Adds{t}() => Assert.Equal({2 * t}, Calc.Add({t}, {t}));\n")) + "}\n";

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
