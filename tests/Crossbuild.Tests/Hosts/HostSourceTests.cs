using System.Reflection;
using System.Runtime.Loader;
using Crossbuild.Targets;
using Crossbuild.Tests.Support;
using Crossbuild.Work.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Crossbuild.Tests.Hosts;

/// <summary>
/// The Nuke and Cake hosts ship as sources compiled inside the user's build project. Nuke.Common, Cake.Core and
/// Cake.Frosting cannot be restored here, so these tests compile the host sources (and samples/nuke's build)
/// against STAND-INS of the Nuke and Cake types they use (Hosts/StandIns, marked as such), with warnings as
/// errors, and then drive the compiled hosts through the stand-ins. That proves the sources compile against those
/// shapes and that the host logic works over the real engine; it does not prove anything about real Nuke or Cake,
/// which is checked by hand (samples/nuke/README.md).
/// </summary>
[Collection(nameof(Api.CrossbuildTasksTests))] // process-wide: CrossbuildTasks.Logger, CROSSBUILD_CACHE, NUGET_PACKAGES
public class HostSourceTests
{
    private static string Repo => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private static string[] Sources(string dir) => Directory.GetFiles(Path.Combine(Repo, dir), "*.cs").Order(StringComparer.Ordinal).ToArray();

    private static Assembly Compile(string name, IEnumerable<string> files, string extra = "")
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        if (extra.Length > 0) trees.Add(CSharpSyntaxTree.ParseText(extra, parse, "driver.cs"));
        var references = FrameworkReferences.For(TargetFramework.Default).References
            .Concat(new[] { typeof(CrossbuildSettings), typeof(Crossbuild.Adapters.Logging.DelegateLogger), typeof(Microsoft.Extensions.Logging.ILogger) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        var compilation = CSharpCompilation.Create(name, trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Should().BeEmpty();
        result.Success.Should().BeTrue();
        return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(pe.ToArray()));
    }

    private static TempTree Hello()
    {
        var tree = new TempTree().Module("Acme");
        tree.File("hello/crossbuild.json", "{\"module\": \"Hello\"}");
        tree.File("hello/lib/greet/g.cs", "namespace Hello.Greet; public static class G { public static string Hi => \"hi\"; }");
        tree.File("hello/cmd/hello/main.cs", "System.Console.WriteLine(Hello.Greet.G.Hi);");
        Directory.CreateDirectory(tree.Path("nuke"));
        return tree;
    }

    // Drives ICrossbuildCompile and the sample's targets as Nuke would: conditions, then actions, then the build
    // extensions' OnTargetSucceeded.
    private const string NukeDriver = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Nuke.Common;
        using Nuke.Common.Execution;

        public sealed class Recorder : ITargetDefinition
        {
            public List<Func<bool>> Conditions { get; } = [];
            public List<Action> Actions { get; } = [];
            public List<Target> Dependencies { get; } = [];
            public ITargetDefinition Description(string description) => this;
            public ITargetDefinition Executes(params Action[] actions) { Actions.AddRange(actions); return this; }
            public ITargetDefinition DependsOn(params Target[] targets) { Dependencies.AddRange(targets); return this; }
            public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? conditionExpression = null) { Conditions.Add(condition); return this; }
            public ITargetDefinition Produces(params string[] artifacts) => this;
        }

        public static class Driver
        {
            // Runs the target and its dependencies; returns "Name:ran" or "Name:skipped" for each, in order.
            public static string[] Run(NukeBuild build, string name)
            {
                var outcomes = new List<string>();
                void Visit(string target, Target definition)
                {
                    var recorder = new Recorder();
                    definition(recorder);
                    foreach (var dependency in recorder.Dependencies) Visit(dependency.Method.Name.Contains("CrossbuildCompile") ? "CrossbuildCompile" : "?", dependency);
                    if (recorder.Conditions.All(c => c()))
                    {
                        foreach (var action in recorder.Actions) action();
                        foreach (var extension in build.GetType().GetCustomAttributes(true).OfType<IOnTargetSucceeded>())
                            extension.OnTargetSucceeded(new ExecutableTarget { Name = target });
                        outcomes.Add(target + ":ran");
                    }
                    else outcomes.Add(target + ":skipped");
                }
                var property = build.GetType().GetProperty(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!;
                Visit(name, (Target)property.GetValue(build)!);
                return outcomes.ToArray();
            }
        }
        """;

    [Fact]
    public void TheNukeHostAndTheNukeSampleCompileAgainstTheStandInAndSkipAnUnchangedMatrix()
    {
        var assembly = Compile("NukeHostUnderStandIn",
            [Path.Combine(Repo, "tests/Crossbuild.Tests/Hosts/StandIns/Nuke.StandIn.cs"), .. Sources("src/Crossbuild.Nuke/Sources"),
             Path.Combine(Repo, "samples/nuke/build/Build.cs")], NukeDriver);

        using var tree = Hello();
        // The sample's three runtimes need host packs from NuGet; here two runtimes are given as --runtimes would
        // give them, with a stand-in musl host pack in a local feed, so nothing touches the network.
        var env = LocalFeed.AddTo(tree);
        LocalFeed.PackMuslHost(tree);
        var build = Activator.CreateInstance(assembly.GetType("Build", true)!, nonPublic: true)!;
        build.GetType().GetProperty("RootDirectory")!.SetValue(build,
            Activator.CreateInstance(assembly.GetType("Nuke.Common.IO.AbsolutePath", true)!, tree.Path("nuke")));
        var parameters = (Dictionary<string, object>)assembly.GetType("Nuke.Common.NukeBuild")!.GetProperty("Parameters")!.GetValue(null)!;
        parameters["Runtimes"] = new[] { "linux-x64", "linux-musl-x64" };

        using (new Variables(env))
        {
            string[] first = Run(assembly, build, "Publish");
            first.Should().Equal("CrossbuildCompile:ran", "Publish:ran");
            File.ReadAllLines(tree.Path("nuke/artifacts/SHA256SUMS")).Select(l => l[66..]).Should()
                .Equal("hello/linux-musl-x64/hello", "hello/linux-x64/hello");

            string[] second = Run(assembly, build, "Publish");
            second.Should().Equal("CrossbuildCompile:skipped", "Publish:skipped");

            tree.File("hello/lib/greet/g.cs", "namespace Hello.Greet; public static class G { public static string Hi => \"hello\"; }");
            string[] third = Run(assembly, build, "Publish");
            third.Should().Equal("CrossbuildCompile:ran", "Publish:ran");

            // A setting the engine's key covers (here the tags) reruns the target; the same settings again skip it.
            parameters["Tags"] = new[] { "fancy" };
            Run(assembly, build, "Publish").Should().Equal("CrossbuildCompile:ran", "Publish:ran");
            Run(assembly, build, "Publish").Should().Equal("CrossbuildCompile:skipped", "Publish:skipped");
        }
        var log = (System.Collections.IEnumerable)assembly.GetType("Serilog.Log")!.GetProperty("Lines")!.GetValue(null)!;
        log.Cast<object>().Select(l => l.ToString()).Should().Contain(l => l!.Contains("compile lib/greet"));
    }

    // Drives the sample's Compile task as Cake would: ShouldRun, then Run.
    private const string CakeDriver = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using Cake.Core;
        using Cake.Core.Diagnostics;
        using Cake.Core.IO;

        public sealed class FakeContext(string workingDirectory, Dictionary<string, string> arguments) : ICakeContext, ICakeEnvironment, ICakeLog, ICakeArguments
        {
            public List<string> Lines { get; } = [];
            public ICakeEnvironment Environment => this;
            public ICakeLog Log => this;
            public ICakeArguments Arguments => this;
            public DirectoryPath WorkingDirectory { get; set; } = new(workingDirectory);
            public Verbosity Verbosity { get; set; } = Verbosity.Normal;
            public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args) => Lines.Add(level + " " + string.Format(format, args));
            public bool HasArgument(string name) => arguments.ContainsKey(name);
            public string GetArgument(string name) => arguments[name];
        }

        public static class CakeDriver
        {
            public static string Run(FakeContext context)
            {
                var build = new BuildContext(context);
                var task = new CompileTask();
                if (!task.ShouldRun(build)) return "skipped";
                task.Run(build);
                return "ran " + task.Result!.Targets.Count;
            }
        }
        """;

    [Fact]
    public void TheCakeHostAndTheCakeSampleCompileAgainstTheStandInAndSkipAnUnchangedBuild()
    {
        var assembly = Compile("CakeHostUnderStandIn",
            [Path.Combine(Repo, "tests/Crossbuild.Tests/Hosts/StandIns/Cake.StandIn.cs"), .. Sources("src/Crossbuild.Cake/Sources"),
             Path.Combine(Repo, "samples/cake/build/Program.cs")], CakeDriver);
        using var tree = Hello();
        Directory.CreateDirectory(tree.Path("cake"));
        var env = LocalFeed.AddTo(tree);
        LocalFeed.PackMuslHost(tree);
        var arguments = new Dictionary<string, string> { ["runtimes"] = "linux-x64,linux-musl-x64", ["configuration"] = "Release" };
        var context = Activator.CreateInstance(assembly.GetType("FakeContext", true)!, tree.Path("cake"), arguments)!;
        string Drive() => (string)assembly.GetType("CakeDriver", true)!.GetMethod("Run")!.Invoke(null, [context])!;
        using (new Variables(env))
        {
            Drive().Should().Be("ran 2");
            File.Exists(tree.Path("cake/artifacts/hello/linux-musl-x64/hello")).Should().BeTrue();
            File.Exists(tree.Path("cake/artifacts/hello/linux-x64/hello")).Should().BeTrue();
            Drive().Should().Be("skipped");
            tree.File("hello/cmd/hello/main.cs", "System.Console.WriteLine(Hello.Greet.G.Hi + \"!\");");
            Drive().Should().Be("ran 2");
            // A setting the engine's key covers reruns the task; the same settings again skip it.
            arguments["configuration"] = "Debug";
            Drive().Should().Be("ran 2");
            Drive().Should().Be("skipped");
        }
        var lines = (List<string>)context.GetType().GetProperty("Lines")!.GetValue(context)!;
        lines.Should().Contain("Information compile cmd/hello").And.Contain(l => l.Contains("skipped"));
    }

    private static string[] Run(Assembly assembly, object build, string target) =>
        (string[])assembly.GetType("Driver", true)!.GetMethod("Run")!.Invoke(null, [build, target])!;

    // The hosts use the default cache (CROSSBUILD_CACHE) and NuGet's global folder (NUGET_PACKAGES): point both
    // into the test tree for the duration.
    private sealed class Variables : IDisposable
    {
        private readonly Dictionary<string, string?> _before;

        public Variables(Dictionary<string, string> values)
        {
            _before = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
            foreach (var (k, v) in values) Environment.SetEnvironmentVariable(k, v);
        }

        public void Dispose()
        {
            foreach (var (k, v) in _before) Environment.SetEnvironmentVariable(k, v);
        }
    }
}
