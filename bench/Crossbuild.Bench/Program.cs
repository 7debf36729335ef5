using Crossbuild.Bench;

// Benchmarks run side by side in one process run; the machine is shared and noisy, so read ratios.
var scenario = args.FirstOrDefault() ?? "load";
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var work = Path.Combine(root, "bench", "out");
Directory.CreateDirectory(work);
return scenario switch
{
    "load" => LoadBench.Run(root, work),
    "probe" => Probe(work),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Crossbuild.Bench -- load");
    return 2;
}

static int Probe(string work)
{
    var dir = Path.Combine(work, "load-40x12");
    var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories);
    var opts = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp14);
    for (var round = 0; round < 3; round++)
    {
        var texts = new string[files.Length];
        var read = Measure.OnceMs(() => { for (var i = 0; i < files.Length; i++) texts[i] = File.ReadAllText(files[i]); });
        var trees = new Microsoft.CodeAnalysis.SyntaxTree[files.Length];
        var parse1 = Measure.OnceMs(() => { for (var i = 0; i < files.Length; i++) trees[i] = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(texts[i], opts); });
        var parseP = Measure.OnceMs(() => Parallel.For(0, files.Length, i => trees[i] = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(texts[i], opts)));
        var facts = Measure.OnceMs(() => { foreach (var t in trees) Crossbuild.Load.SyntaxFacts.Of(t); });
        var lines = texts.Sum(t => t.Count(c => c == '\n'));
        Console.WriteLine($"read {read:F0} parse(1 thread) {parse1:F0} parse(parallel) {parseP:F0} facts {facts:F0} ms; {lines} lines");
    }
    return 0;
}
