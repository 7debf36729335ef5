using Crossbuild.Bench;

// Benchmarks run side by side in one process run; the machine is shared and noisy, so read ratios.
var scenario = args.FirstOrDefault() ?? "load";
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var work = Path.Combine(root, "bench", "out");
Directory.CreateDirectory(work);
return scenario switch
{
    "load" => LoadBench.Run(root, work),
    "compile" => CompileBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 1),
    "incremental" => IncrementalBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 3),
    "matrix" => MatrixBench.Run(root, work, args.Length > 1 ? args[1].Split(',') : MatrixBench.Six),
    "deps" => DepsBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 3, registry: args.Contains("registry")),
    "fuzz" => FuzzBench.Run(work, args.Length > 1 ? int.Parse(args[1]) : 100_000),
    "drills" => DrillBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 100),
    "web" => WebBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 5),
    "frameworks" => FrameworksBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 6),
    "test" => TestBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 20),
    "ide" => IdeBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 7),
    "watch" => WatchBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 5),
    "hello" => HelloBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 7),
    "remote" => RemoteBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 1),
    "native" => NativeBench.Run(root, work, args.Length > 1 ? int.Parse(args[1]) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Crossbuild.Bench -- load | compile [rounds] | incremental [rounds] | matrix [rid,rid,...] | deps [rounds] [registry] | fuzz [cases] | drills [kills] | web [rounds] | frameworks [libraries] | test [libraries] | ide [rounds] | watch [rounds] | hello [rounds] | remote [rounds] | native [rounds]");
    return 2;
}
