using Crossbuild.Deps;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using NuGet.Frameworks;

namespace Crossbuild.Test;

/// <summary>The test frameworks Crossbuild runs, each on Microsoft.Testing.Platform.</summary>
public enum TestFrameworkKind
{
    /// <summary>xUnit.net v3 (<c>xunit.v3</c>, through <c>xunit.v3.core.mtp-v1</c> or <c>-v2</c>).</summary>
    XunitV3,

    /// <summary>MSTest (<c>MSTest</c>, or <c>MSTest.TestFramework</c> with <c>MSTest.TestAdapter</c>).</summary>
    MSTest,

    /// <summary>NUnit (<c>NUnit</c> with <c>NUnit3TestAdapter</c>).</summary>
    NUnit,
}

/// <summary>
/// What a test framework's MSBuild files add to a test project that runs on Microsoft.Testing.Platform, as
/// Crossbuild generates it: the entry point, the registration of the Testing Platform extensions the packages
/// declare (<c>SelfRegisteredExtensions</c>), the framework's global usings and the assemblies its build files reference.
/// </summary>
/// <param name="Framework">The test framework.</param>
/// <param name="Sources">Generated sources, (file name, text), after the SDK's.</param>
/// <param name="MainTypeName">The entry point's type (the compile's <c>-main</c>).</param>
/// <param name="Usings">Global usings the framework adds under implicit usings.</param>
/// <param name="References">Assemblies its build files reference by hint path (compiled against and copied).</param>
/// <param name="Copies">Files its build files copy to the output folder, with their paths there.</param>
/// <param name="RuntimeOptions">The runtimeconfig.json properties its build files declare (<c>RuntimeHostConfigurationOption</c>).</param>
public sealed record TestHarness(TestFrameworkKind Framework, IReadOnlyList<(string Name, string Text)> Sources, string MainTypeName,
    IReadOnlyList<string> Usings, IReadOnlyList<string> References, IReadOnlyList<(string FullPath, string OutputPath)> Copies,
    IReadOnlyList<(string Name, string Value)> RuntimeOptions)
{
    /// <summary>
    /// Files a framework's targets (not its static items) copy to the output folder, never in deps.json: xunit.v3's
    /// runner dependencies for dynamically linked runners (<c>_XunitCopyRunnerDependencies</c>), MSTest's localized
    /// adapter resources (<c>CopyMSTestV2Resources</c>, every culture under the Testing Platform).
    /// </summary>
    public IReadOnlyList<(string FullPath, string OutputPath)> TargetFiles { get; init; } = [];

    /// <summary>The package whose presence selects each framework.</summary>
    public static readonly IReadOnlyList<(string PackageId, TestFrameworkKind Framework)> Markers =
    [
        ("xunit.v3.core.mtp-v2", TestFrameworkKind.XunitV3),
        ("xunit.v3.core.mtp-v1", TestFrameworkKind.XunitV3),
        ("MSTest.TestAdapter", TestFrameworkKind.MSTest),
        ("NUnit3TestAdapter", TestFrameworkKind.NUnit),
    ];

    // The TRX report's hook, which the Testing Platform's MSBuild task registers last.
    private const string TrxHook = "2006B3F7-93D2-4D9C-9C69-F41A1F21C9C7";

    /// <summary>
    /// The harness of <paramref name="test"/>, a test package, whose NuGet packages (dependencies first) are
    /// <paramref name="packages"/>, for <paramref name="framework"/>.
    /// </summary>
    public static TestHarness For(Package test, IReadOnlyList<PackageAssets> packages, Targets.TargetFramework framework)
    {
        var found = Markers.Where(m => packages.Any(p => string.Equals(p.Package.Id, m.PackageId, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.Framework).Distinct().ToArray();
        var of = test.TestOf!;
        if (found.Length == 0)
            throw new CrossbuildException($"{of}: test files need a test framework under \"{PackageRequirement.TestFieldName}\"; " +
                "supported: xunit.v3 (4.x), MSTest (4.x), NUnit with NUnit3TestAdapter");
        if (found.Length > 1)
            throw new CrossbuildException($"{of}: its test packages bring more than one test framework ({string.Join(", ", found)}); keep one");
        var nuget = NuGetFramework.Parse(framework.Moniker);
        var items = packages.Select(p => BuildItems.Read(p.Folder, p.Package.Id, nuget)).ToArray();
        var hooks = items.SelectMany(i => i.Hooks).DistinctBy(h => h.Uid, StringComparer.OrdinalIgnoreCase).ToList();
        // The TRX report registers last, as the Testing Platform's task orders it.
        var trx = hooks.FindIndex(h => string.Equals(h.Uid, TrxHook, StringComparison.OrdinalIgnoreCase));
        if (trx >= 0)
        {
            var hook = hooks[trx];
            hooks.RemoveAt(trx);
            hooks.Add(hook);
        }
        if (!hooks.Any(h => string.Equals(h.Uid, TrxHook, StringComparison.OrdinalIgnoreCase)))
            throw new CrossbuildException($"{of}: Crossbuild reads test results from TRX reports; add \"Microsoft.Testing.Extensions.TrxReport\" to \"{PackageRequirement.TestFieldName}\"");
        var ns = SafeNamespace(test.RootNamespace);
        var kind = found[0];
        var sources = new List<(string, string)>();
        var targetFiles = new List<(string, string)>();
        string main;
        if (kind == TestFrameworkKind.XunitV3)
        {
            var entry = "_" + Common.ContentHash.Of(test.Name)[..10];
            main = $"Xunit.AutoGenerated.{entry}.XunitAutoGeneratedEntryPoint";
            sources.Add(("XunitAutoGeneratedEntryPoint.cs", XunitEntryPoint(entry, ns)));
            // _XunitAttachSourceFiles compiles the core package's built-in runner reporters and result writers in.
            if (XunitContent(packages) is { } content)
            {
                foreach (var file in new[] { "DefaultRunnerReporters.cs", "DefaultResultWriters.cs" })
                    if (File.Exists(Path.Combine(content, file)))
                        sources.Add((file, File.ReadAllText(Path.Combine(content, file))));
                var runners = Path.Combine(content, "runners", "netcore");
                if (Directory.Exists(runners))
                    targetFiles.AddRange(Directory.EnumerateFiles(runners).Order(StringComparer.Ordinal).Select(f => (f, Path.GetFileName(f))));
            }
        }
        else
        {
            if (kind == TestFrameworkKind.MSTest)
                foreach (var adapter in packages.Where(p => string.Equals(p.Package.Id, "MSTest.TestAdapter", StringComparison.OrdinalIgnoreCase)))
                    foreach (var root in new[] { "buildTransitive", "build" }.Select(r => Path.Combine(adapter.Folder, r, "_localization")).Where(Directory.Exists).Take(1))
                        targetFiles.AddRange(Directory.EnumerateFiles(root, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                            .Select(f => (f, Path.GetRelativePath(root, f).Replace('\\', '/'))));
            main = $"{ns}.MicrosoftTestingPlatformEntryPoint";
            sources.Add(("MicrosoftTestingPlatformEntryPoint.cs", PlatformEntryPoint(ns)));
        }
        sources.Add(("SelfRegisteredExtensions.cs", SelfRegistered(ns, hooks)));
        // The Testing Platform moved IDataConsumer out of its TestHost namespace in 2.0.
        var platform = packages.FirstOrDefault(p => string.Equals(p.Package.Id, "Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase));
        var consumer = platform is null || platform.Package.Version.Major >= 2
            ? "Microsoft.Testing.Platform.Extensions.IDataConsumer"
            : "Microsoft.Testing.Platform.Extensions.TestHost.IDataConsumer";
        sources.Add(("CrossbuildTestProgress.cs", ProgressSource(consumer)));
        return new TestHarness(kind, sources, main,
            Usings: items.SelectMany(i => i.Usings).Distinct(StringComparer.Ordinal).ToArray(),
            References: items.SelectMany(i => i.References).Distinct(StringComparer.Ordinal).ToArray(),
            Copies: items.SelectMany(i => i.Copies).DistinctBy(c => c.OutputPath, StringComparer.OrdinalIgnoreCase).ToArray(),
            // A later package's option wins, as a later item's metadata does in MSBuild.
            RuntimeOptions: items.SelectMany(i => i.RuntimeOptions).Reverse().DistinctBy(o => o.Name, StringComparer.Ordinal).Reverse().ToArray())
        {
            TargetFiles = targetFiles,
        };
    }

    // The _content folder of xunit.v3's core package (xunit.v3.core.mtp-v1/-v2).
    private static string? XunitContent(IReadOnlyList<PackageAssets> packages) => packages
        .Where(p => p.Package.Id.StartsWith("xunit.v3.core", StringComparison.OrdinalIgnoreCase))
        .Select(p => Path.Combine(p.Folder, "_content")).FirstOrDefault(Directory.Exists);

    // The Testing Platform's NamespaceHelpers.ToSafeNamespace: each dotted part an identifier.
    private static string SafeNamespace(string name) => string.Join('.', name.Split('.').Select(part =>
    {
        var chars = part.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var s = new string(chars);
        return s.Length == 0 || char.IsDigit(s[0]) ? "_" + s : s;
    }));

    private const string GeneratedHeader = "//------------------------------------------------------------------------------\n" +
        "// <auto-generated>\n//     This code was generated by Microsoft.Testing.Platform.MSBuild\n// </auto-generated>\n" +
        "//------------------------------------------------------------------------------\n\n";

    private static string SelfRegistered(string ns, IReadOnlyList<BuilderHook> hooks) =>
        GeneratedHeader + $$"""
        namespace {{ns}}
        {
            [global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
            [global::Microsoft.CodeAnalysis.Embedded]
            internal static class SelfRegisteredExtensions
            {
                public static void AddSelfRegisteredExtensions(this global::Microsoft.Testing.Platform.Builder.ITestApplicationBuilder builder, string[] args)
                {
                    {{string.Join("\n        ", hooks.Select(h => $"global::{h.TypeFullName}.AddExtensions(builder, args);"))}}
                    global::Crossbuild.Generated.TestProgress.Add(builder);
                }
            }
        }

        namespace Microsoft.CodeAnalysis
        {
            internal sealed partial class EmbeddedAttribute : global::System.Attribute
            {
            }
        }
        """.Replace("\r\n", "\n");

    /// <summary>The variable that names the file the generated progress recorder writes to (unset: it is not registered).</summary>
    public const string ProgressVariable = "CROSSBUILD_TEST_PROGRESS";

    // Crossbuild's own Testing Platform extension: a data consumer that writes one line as each test starts and ends
    // ("start|end <tab> uid <tab> class <tab> display name"), so that a run a timeout stops can name the test it was in.
    private static string ProgressSource(string consumer) => $$"""
        // <auto-generated> Generated by crossbuild test: records which tests start and end. </auto-generated>
        #nullable enable
        namespace Crossbuild.Generated
        {
            [global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
            internal sealed class TestProgress : global::{{consumer}}
            {
                private readonly object gate = new object();
                private readonly string path;
                private global::System.IO.StreamWriter? writer;

                private TestProgress(string path) => this.path = path;

                public static void Add(global::Microsoft.Testing.Platform.Builder.ITestApplicationBuilder builder)
                {
                    var path = global::System.Environment.GetEnvironmentVariable("{{ProgressVariable}}");
                    if (!string.IsNullOrEmpty(path))
                        builder.TestHost.AddDataConsumer(_ => new TestProgress(path!));
                }

                public global::System.Type[] DataTypesConsumed => new[] { typeof(global::Microsoft.Testing.Platform.Extensions.Messages.TestNodeUpdateMessage) };
                public string Uid => "Crossbuild.TestProgress";
                public string Version => "1.0.0";
                public string DisplayName => "Crossbuild test progress";
                public string Description => "Records which tests start and end, for crossbuild test.";
                public global::System.Threading.Tasks.Task<bool> IsEnabledAsync() => global::System.Threading.Tasks.Task.FromResult(true);

                public global::System.Threading.Tasks.Task ConsumeAsync(global::Microsoft.Testing.Platform.Extensions.Messages.IDataProducer dataProducer,
                    global::Microsoft.Testing.Platform.Extensions.Messages.IData value, global::System.Threading.CancellationToken cancellationToken)
                {
                    if (value is global::Microsoft.Testing.Platform.Extensions.Messages.TestNodeUpdateMessage update)
                    {
                        var node = update.TestNode;
                        var state = node.Properties.SingleOrDefault<global::Microsoft.Testing.Platform.Extensions.Messages.TestNodeStateProperty>();
                        var kind = state is global::Microsoft.Testing.Platform.Extensions.Messages.InProgressTestNodeStateProperty ? "start"
                            : state is null || state is global::Microsoft.Testing.Platform.Extensions.Messages.DiscoveredTestNodeStateProperty ? null : "end";
                        if (kind != null)
                        {
                            var method = node.Properties.SingleOrDefault<global::Microsoft.Testing.Platform.Extensions.Messages.TestMethodIdentifierProperty>();
                            var type = method is null ? "" : (string.IsNullOrEmpty(method.Namespace) ? "" : method.Namespace + ".") + method.TypeName;
                            var line = kind + "\t" + node.Uid.Value + "\t" + type + "\t" + node.DisplayName.Replace('\t', ' ').Replace('\n', ' ');
                            lock (gate)
                            {
                                writer ??= new global::System.IO.StreamWriter(path, append: true) { AutoFlush = true };
                                writer.WriteLine(line);
                            }
                        }
                    }
                    return global::System.Threading.Tasks.Task.CompletedTask;
                }
            }
        }
        """.Replace("\r\n", "\n");

    private static string PlatformEntryPoint(string ns) =>
        GeneratedHeader + $$"""
        namespace {{ns}}
        {
            [global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
            internal static class MicrosoftTestingPlatformApplication
            {
                public static async global::System.Threading.Tasks.Task<int> RunAsync(string[] args)
                {
                    global::Microsoft.Testing.Platform.Builder.ITestApplicationBuilder builder = await global::Microsoft.Testing.Platform.Builder.TestApplication.CreateBuilderAsync(args);
                    global::{{ns}}.SelfRegisteredExtensions.AddSelfRegisteredExtensions(builder, args);
                    using (global::Microsoft.Testing.Platform.Builder.ITestApplication app = await builder.BuildAsync())
                    {
                        return await app.RunAsync();
                    }
                }
            }

            [global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
            internal sealed class MicrosoftTestingPlatformEntryPoint
            {
                public static global::System.Threading.Tasks.Task<int> Main(string[] args)
                    => MicrosoftTestingPlatformApplication.RunAsync(args);
            }
        }
        """.Replace("\r\n", "\n");

    // xunit.v3's XunitGenerateEntryPoint task: its in-process console runner for its own protocol, else the
    // Testing Platform with the self-registered extensions.
    private static string XunitEntryPoint(string entry, string ns) => $$"""
        // <auto-generated> This file has been auto generated by xunit.v3.msbuildtasks. </auto-generated>

        #if XUNIT_GENERATED_DISABLE_WARNINGS
        #pragma warning disable
        #endif

        namespace Xunit.AutoGenerated.{{entry}}
        {
        	[global::System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage]
        	internal class XunitAutoGeneratedEntryPoint
        	{
        		public static int Main(string[] args)
        		{
        			if (global::System.Linq.Enumerable.Any(args, arg => arg == "-automated" || arg == "@@"))
        				return global::Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
        			else
        				return global::Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, global::{{ns}}.SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        		}
        	}
        }
        """.Replace("\r\n", "\n");
}
