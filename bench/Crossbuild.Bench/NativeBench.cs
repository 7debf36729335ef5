namespace Crossbuild.Bench;

/// <summary>
/// The native release outputs, side by side in one run, on a module of one executable and four libraries:
/// <list type="bullet">
/// <item>cold <c>crossbuild build --readytorun</c> for six runtimes against the same for one (fresh caches; the packs
/// already fetched). Target ≤ 1.5×: the IL is compiled once, only crossgen2 runs per runtime. <c>dotnet publish -r
/// &lt;rid&gt; -p:PublishReadyToRun=true</c> for one runtime and for six, for reference.</item>
/// <item>a no-op <c>crossbuild build --aot -r linux-x64</c>, through the build server and in a new process, against a
/// no-op <c>dotnet publish -p:PublishAot=true</c>. Target ≤ 0.3 s.</item>
/// <item>the same for a no-op <c>--self-contained --single-file</c> build, against <c>dotnet publish
/// -p:PublishSingleFile=true</c>.</item>
/// </list>
/// </summary>
public static class NativeBench
{
    public static int Run(string repoRoot, string work, int rounds)
    {
        if (Workspace.Cli(repoRoot) is not { } cli) return 1;
        var dir = Path.Combine(work, "native");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var module = Path.Combine(dir, "module");
        var csproj = Path.Combine(dir, "csproj");
        Write(module, csproj);
        var six = MatrixBench.Six;
        double Build(string name, params string[] args) =>
            Measure.ProcessMs(cli, ["build", "-c", "Release", "--cache-dir", Path.Combine(dir, "cache-" + name), "-o", Path.Combine(dir, "out-" + name) + "/", .. args, "./cmd/app"], module);

        // Fetch every pack once (crossgen2, six runtime packs, ILCompiler) so that no row measures a download.
        Build("warm", "--readytorun", "-r", string.Join(',', six));
        var aotAvailable = Has("clang");
        if (aotAvailable) Build("warm-aot", "--aot", "-r", "linux-x64");

        var one = new List<double>();
        var all = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            one.Add(Build($"one-{r}", "--readytorun", "-r", "linux-x64"));
            all.Add(Build($"six-{r}", "--readytorun", "-r", string.Join(',', six)));
        }
        Measure.ProcessMs("dotnet", ["build-server", "shutdown"], csproj);
        var publishOne = Measure.ProcessMs("dotnet", ["publish", "app/app.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-nologo", "-v:q"], csproj);
        var publishSix = 0.0;
        foreach (var rid in six)
            publishSix += Measure.ProcessMs("dotnet", ["publish", "app/app.csproj", "-c", "Release", "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true", "-nologo", "-v:q"], csproj);

        Console.WriteLine($"# native outputs: one app and four libraries, {Environment.ProcessorCount} cores, median of {rounds}");
        Console.WriteLine();
        Console.WriteLine("| measurement | ms |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| crossbuild --readytorun, cold, linux-x64 | {Median(one):F0} |");
        Console.WriteLine($"| crossbuild --readytorun, cold, six runtimes in one run | {Median(all):F0} |");
        Console.WriteLine($"| dotnet publish -p:PublishReadyToRun=true, linux-x64 (cold) | {publishOne:F0} |");
        Console.WriteLine($"| 6 × dotnet publish -p:PublishReadyToRun=true | {publishSix:F0} |");
        Console.WriteLine($"| ratio six runtimes / one (target ≤ 1.5) | {Median(all) / Median(one):F2} |");
        Console.WriteLine($"| speed-up over six dotnet publish runs | {publishSix / Median(all):F1}× |");
        var server = new Dictionary<string, string> { ["CROSSBUILD_SERVER"] = "1", ["CROSSBUILD_SERVER_DIR"] = Path.Combine(dir, "srv"), ["CI"] = "" };
        // A no-op build of flags after one that fills the cache: through the build server (median of 7), in a new
        // process (median of 7), and the same no-op dotnet publish (median of 3).
        (double Server, double Process, double Publish) NoOp(string name, string[] flags, string[] publish)
        {
            string[] args = ["build", "-c", "Release", "--cache-dir", Path.Combine(dir, "cache-" + name), .. flags, "-r", "linux-x64", "-o", Path.Combine(dir, "out-" + name) + "/", "./cmd/app"];
            Measure.ProcessMs(cli, args, module, server); // builds, and starts the server
            var viaServer = Enumerable.Range(0, 7).Select(_ => Measure.ProcessMs(cli, args, module, server)).ToList();
            var inProcess = Enumerable.Range(0, 7).Select(_ => Measure.ProcessMs(cli, args, module)).ToList();
            string[] dotnet = ["publish", "app/app.csproj", "-c", "Release", "-r", "linux-x64", .. publish, "-nologo", "-v:q"];
            Measure.ProcessMs("dotnet", dotnet, csproj);
            var published = Enumerable.Range(0, 3).Select(_ => Measure.ProcessMs("dotnet", dotnet, csproj)).ToList();
            return (Median(viaServer), Median(inProcess), Median(published));
        }
        void Rows(string what, string sdk, (double Server, double Process, double Publish) m, string target = "")
        {
            Console.WriteLine($"| crossbuild {what}, no-op, build server (median of 7{target}) | {m.Server:F0} |");
            Console.WriteLine($"| crossbuild {what}, no-op, new process (median of 7) | {m.Process:F0} |");
            Console.WriteLine($"| dotnet publish {sdk}, no-op (median of 3) | {m.Publish:F0} |");
            Console.WriteLine($"| ratio no-op crossbuild (server) / dotnet publish | {m.Server / m.Publish:F3} |");
        }

        // A self-contained single-file launcher holds the whole runtime; a no-op neither makes nor reads it.
        Rows("--self-contained --single-file", "--self-contained -p:PublishSingleFile=true",
            NoOp("single", ["--self-contained", "--single-file"], ["--self-contained", "true", "-p:PublishSingleFile=true"]));
        if (!aotAvailable)
            Console.WriteLine("| --aot | skipped: no clang (apt-get install clang lld) |");
        else
            Rows("--aot", "-p:PublishAot=true", NoOp("warm-aot", ["--aot"], ["-p:PublishAot=true"]), "; target ≤ 300");
        Measure.ProcessMs(cli, ["server", "stop"], module, server);
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));

    // The module and its csproj twin: lib/a..d, each using the one before, and cmd/app using d.
    private static void Write(string module, string csproj)
    {
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "crossbuild.json"), "{\"module\": \"Native\"}\n");
        string[] libs = ["a", "b", "c", "d"];
        for (var i = 0; i < libs.Length; i++)
        {
            var uses = i == 0 ? "" : $"using Native.lib.{libs[i - 1]}; ";
            var call = i == 0 ? "\"a\"" : $"{char.ToUpperInvariant(libs[i - 1][0])}{libs[i - 1][1..]}.Name() + \"{libs[i]}\"";
            var source = $"{uses}namespace Native.lib.{libs[i]}; public static class {char.ToUpperInvariant(libs[i][0])}{libs[i][1..]} {{ public static string Name() => {call}; " +
                         string.Concat(Enumerable.Range(0, 40).Select(m => $"public static int F{m}(int x) => x * {m} + System.Linq.Enumerable.Range(0, x).Sum(); ")) + "}\n";
            Directory.CreateDirectory(Path.Combine(module, "lib", libs[i]));
            File.WriteAllText(Path.Combine(module, "lib", libs[i], libs[i] + ".cs"), source);
            Directory.CreateDirectory(Path.Combine(csproj, libs[i]));
            File.WriteAllText(Path.Combine(csproj, libs[i], libs[i] + ".cs"), source);
            File.WriteAllText(Path.Combine(csproj, libs[i], libs[i] + ".csproj"), Project("Library", $"Native.lib.{libs[i]}", i == 0 ? null : libs[i - 1]));
        }
        var main = "using Native.lib.d; System.Console.WriteLine(D.Name());\n";
        Directory.CreateDirectory(Path.Combine(module, "cmd", "app"));
        File.WriteAllText(Path.Combine(module, "cmd", "app", "main.cs"), main);
        Directory.CreateDirectory(Path.Combine(csproj, "app"));
        File.WriteAllText(Path.Combine(csproj, "app", "main.cs"), main);
        File.WriteAllText(Path.Combine(csproj, "app", "app.csproj"), Project("Exe", "app", "d"));
    }

    private static string Project(string type, string name, string? reference) =>
        "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <OutputType>" + type + "</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n" +
        $"    <AssemblyName>{name}</AssemblyName>\n    <ImplicitUsings>enable</ImplicitUsings>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n" +
        (reference is null ? "" : $"  <ItemGroup>\n    <ProjectReference Include=\"../{reference}/{reference}.csproj\" />\n  </ItemGroup>\n") + "</Project>\n";
}
