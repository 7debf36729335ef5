using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Analyzer packages in the module (<c>"kind": "analyzer"</c>, listed under <c>analyzers</c>): an incremental generator
/// that reads its users' additional files, against <c>dotnet build</c> of the same projects with a ProjectReference
/// <c>OutputItemType="Analyzer"</c>; what an edit recompiles; and bad input.
/// </summary>
public class AnalyzerPackageTests
{
    // Microsoft.CodeAnalysis.CSharp comes from the configured sources (the test project restores it too).
    private const string Roslyn = "4.11.0";

    private const string Generator = """
        using System.IO;
        using System.Linq;
        using System.Text;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.Text;

        namespace Gen.Locales;

        [Generator(LanguageNames.CSharp)]
        public sealed class LocaleGenerator : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context)
            {
                var locales = context.AdditionalTextsProvider
                    .Where(t => t.Path.EndsWith(".yml"))
                    .Select((t, ct) => (Name: Path.GetFileNameWithoutExtension(t.Path),
                        Lines: t.GetText(ct)!.Lines.Select(l => l.ToString()).Where(l => l.Contains(':')).ToArray()));
                var ns = context.AnalyzerConfigOptionsProvider.Select((o, _) =>
                    o.GlobalOptions.TryGetValue("build_property.RootNamespace", out var r) ? r : "Generated");
                context.RegisterSourceOutput(locales.Collect().Combine(ns), (spc, pair) =>
                {
                    var sb = new StringBuilder();
                    sb.Append("namespace ").Append(pair.Right).Append(";\n");
                    sb.Append("public static partial class Locales\n{\n");
                    foreach (var l in pair.Left.OrderBy(l => l.Name))
                    {
                        sb.Append("    public static string ").Append(l.Name).Append("(string key) => key switch\n    {\n");
                        foreach (var line in l.Lines)
                        {
                            var kv = line.Split(new[] { ':' }, 2);
                            sb.Append("        \"").Append(kv[0].Trim()).Append("\" => \"").Append(kv[1].Trim()).Append("\",\n");
                        }
                        sb.Append("        _ => key,\n    };\n");
                    }
                    sb.Append("}\n");
                    spc.AddSource("Locales.g.cs", SourceText.From(sb.ToString(), Encoding.UTF8));
                });
            }
        }
        """;

    private static TempTree Module()
    {
        var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Gen\"}");
        tree.File("m/gen/locales/crossbuild.json",
            $"{{\"kind\": \"analyzer\", \"langVersion\": \"latest\", \"nullable\": \"enable\", \"packages\": {{\"Microsoft.CodeAnalysis.CSharp\": \"{Roslyn}\"}}}}");
        tree.File("m/gen/locales/LocaleGenerator.cs", Generator);
        tree.File("m/lib/words/crossbuild.json", "{\"analyzers\": [\"gen/locales\"], \"additionalFiles\": [\"Locales/*.yml\"], \"rootNamespace\": \"Gen.Words\"}");
        tree.File("m/lib/words/Words.cs", "namespace Gen.Words;\npublic static class Words { public static string Greet() => Locales.de(\"hello\") + \" \" + Locales.fr(\"hello\"); }\n");
        tree.File("m/lib/words/Locales/de.yml", "hello: hallo\nbye: tschuess\n");
        tree.File("m/lib/words/Locales/fr.yml", "hello: bonjour\n");
        tree.File("m/lib/other/crossbuild.json", "{\"analyzers\": [\"gen/locales\"], \"additionalFiles\": [\"*.yml\"], \"rootNamespace\": \"Gen.Other\"}");
        tree.File("m/lib/other/Other.cs", "namespace Gen.Other;\npublic static class Other { public static string Bye() => Locales.en(\"bye\"); }\n");
        tree.File("m/lib/other/en.yml", "bye: goodbye\n");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Gen.Words.Words.Greet() + \" / \" + Gen.Other.Other.Bye());\n");
        return tree;
    }

    [RestoredPackageFact("Microsoft.CodeAnalysis.CSharp", Roslyn)]
    public void AGeneratorPackageRunsInItsUsersAsUnderDotnetBuild()
    {
        using var tree = Module();
        Mirror(tree);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "build", "-nologo", "-p:UseSharedCompilation=false");
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var ours = CliRunner.Run(tree.Path("m"), "build", "--cache-dir", tree.Path("cache"), "--emit-generated", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        ours.StdErr.Should().NotContain("warning");

        var expected = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "bin/Debug/net10.0/app.dll").StdOut;
        expected.Should().Be("hallo bonjour / goodbye\n");
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Path("m")).StdOut.Should().Be(expected);
        foreach (var (name, sdk) in new[] { ("Gen.lib.words", "words"), ("Gen.lib.other", "other") })
        {
            const string file = "Gen.gen.locales/Gen.Locales.LocaleGenerator/Locales.g.cs";
            File.ReadAllText(tree.Path($"m/out/_generated/{name}/{file}"))
                .Should().Be(File.ReadAllText(tree.Path($"_sdk/{sdk}/obj/Debug/net10.0/generated/{file}")), name);
        }
        // The generator never reaches the app's folder or its deps.json.
        File.Exists(tree.Path("m/out/Gen.gen.locales.dll")).Should().BeFalse();
        File.ReadAllText(tree.Path("m/out/app.deps.json")).Should().NotContain("Gen.gen.locales").And.NotContain("Microsoft.CodeAnalysis");
    }

    [RestoredPackageFact("Microsoft.CodeAnalysis.CSharp", Roslyn)]
    public void EditsRecompileExactlyWhatTheyReach()
    {
        using var tree = Module();
        var cache = tree.Path("cache");
        string[] Compiled()
        {
            var r = CliRunner.Run(tree.Path("m"), "build", "-x", "--cache-dir", cache, "-o", "out/", "./...");
            r.ExitCode.Should().Be(0, r.StdErr);
            return r.StdErr.Split('\n').Where(l => l.StartsWith("compile ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).Order(StringComparer.Ordinal).ToArray();
        }
        Compiled().Should().Equal("cmd/app", "gen/locales", "lib/other", "lib/words");
        Compiled().Should().BeEmpty();
        var list = CliRunner.Run(tree.Path("m"), "list", "--json", "./gen/...", "./lib/words");
        list.StdOut.Should().Contain("\"Kind\": \"analyzer\"").And.Contain("\"Analyzers\": [\n      \"gen/locales\"\n    ]");

        // An additional file: only the package that reads it (a new text changes no signature, so the app is cut off).
        tree.File("m/lib/words/Locales/fr.yml", "hello: salut\n");
        Compiled().Should().Equal("lib/words");
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Path("m")).StdOut.Should().Be("hallo salut / goodbye\n");

        // The generator's body: both of its users (their reference assemblies are unchanged, so the app is not).
        tree.File("m/gen/locales/LocaleGenerator.cs", Generator.Replace("\"        _ => key,\\n    };\\n\"", "\"        _ => \\\"?\\\" + key,\\n    };\\n\""));
        Compiled().Should().Equal("gen/locales", "lib/other", "lib/words");
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Gen.Other.Other.Bye() + Gen.Words.Locales.fr(\"nope\"));\n");
        Compiled().Should().Equal("cmd/app");
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Path("m")).StdOut.Should().Be("goodbye?nope\n");
    }

    [RestoredPackageFact("Microsoft.CodeAnalysis.CSharp", Roslyn)]
    public void ALongLivedProcessLoadsAChangedGeneratorAfreshAndUnloadsTheOld()
    {
        using var tree = Module();
        var settings = new CrossbuildSettings().SetWorkingDirectory(tree.Path("m")).SetPackages("./cmd/app")
            .SetCacheDirectory(tree.Path("cache")).SetOutput("out/");
        string BuildAndRun()
        {
            var result = Builder.Build(settings);
            result.Succeeded.Should().BeTrue(string.Join("\n", result.Errors.Concat(result.Diagnostics.Select(d => d.ToString()))));
            return ProcessRunner.Run(tree.Path("m/out/app"), tree.Path("m")).StdOut;
        }
        BuildAndRun().Should().Be("hallo bonjour / goodbye\n");
        tree.File("m/gen/locales/LocaleGenerator.cs", Generator.Replace("\"        _ => key,\\n    };\\n\"", "\"        _ => \\\"?\\\" + key,\\n    };\\n\""));
        tree.File("m/cmd/app/main.cs", "System.Console.WriteLine(Gen.Words.Locales.fr(\"nope\"));\n");
        BuildAndRun().Should().Be("?nope\n", "the second build in this process ran the edited generator");

        // Each implementation has its own collectible context; the replaced one goes once nothing holds it.
        static int Live() => System.Runtime.Loader.AssemblyLoadContext.All.Count(c => c.Name == "crossbuild-analyzer Gen.gen.locales");
        for (var i = 0; i < 20 && Live() > 1; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Live().Should().Be(1);
        System.Runtime.Loader.AssemblyLoadContext.All.First(c => c.Name == "crossbuild-analyzer Gen.gen.locales").IsCollectible.Should().BeTrue();
    }

    [Fact]
    public void BadAnalyzerListsAreOneLineErrors()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Gen\"}");
        tree.File("m/lib/plain/p.cs", "namespace Gen.Plain; public static class P { }\n");
        tree.File("m/lib/a/crossbuild.json", "{\"analyzers\": [\"lib/plain\"]}");
        tree.File("m/lib/a/a.cs", "namespace Gen.A; public static class A { }\n");
        var notAnalyzer = CliRunner.Run(tree.Path("m"), "build", "./lib/a");
        notAnalyzer.ExitCode.Should().Be(1);
        notAnalyzer.StdErr.Trim().Should().Be("crossbuild: lib/a: \"analyzers\" names lib/plain, which is not an analyzer package; set \"kind\": \"analyzer\" in its crossbuild.json");

        tree.File("m/lib/a/crossbuild.json", "{\"analyzers\": [\"gen/missing\"]}");
        CliRunner.Run(tree.Path("m"), "build", "./lib/a").StdErr.Trim()
            .Should().Be("crossbuild: lib/a: \"analyzers\" names gen/missing, which is not a package of the module");

        tree.File("m/lib/a/crossbuild.json", "{\"analyzers\": [\"../outside\"]}");
        var outside = CliRunner.Run(tree.Path("m"), "build", "./lib/a");
        outside.ExitCode.Should().Be(1);
        outside.StdErr.Trim().Should().StartWith("lib/a/crossbuild.json:1:2: field \"analyzers\" has \"../outside\"");

        // An analyzer cannot use the module's code, and no package can use an analyzer's namespaces.
        tree.File("m/lib/a/crossbuild.json", "{}");
        tree.File("m/gen/g/crossbuild.json", "{\"kind\": \"analyzer\"}");
        tree.File("m/gen/g/g.cs", "using Gen.Plain;\nnamespace Gen.G; public static class G { }\n");
        CliRunner.Run(tree.Path("m"), "build", "./gen/g").StdErr.Trim()
            .Should().Be("crossbuild: gen/g: an analyzer package cannot use the module's packages (it uses lib/plain); it builds alone for netstandard2.0");
    }

    // The same projects for dotnet build: the generator as a netstandard2.0 Roslyn component, its users referencing
    // it with OutputItemType="Analyzer", each with its additional files.
    private static void Mirror(TempTree tree)
    {
        tree.File("_sdk/gen/LocaleGenerator.cs", Generator);
        tree.File("_sdk/gen/Gen.gen.locales.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><LangVersion>latest</LangVersion><Nullable>enable</Nullable><EnforceExtendedAnalyzerRules>true</EnforceExtendedAnalyzerRules></PropertyGroup>
              <ItemGroup><PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="{Roslyn}" PrivateAssets="all" /></ItemGroup>
            </Project>
            """);
        foreach (var (dir, ns, yml) in new[] { ("words", "Gen.Words", "Locales/*.yml"), ("other", "Gen.Other", "*.yml") })
        {
            foreach (var f in TempTree.FilesUnder(tree.Path("m/lib/" + dir)).Where(f => f != "crossbuild.json"))
                tree.File($"_sdk/{dir}/{f}", File.ReadAllText(tree.Path($"m/lib/{dir}/{f}")));
            tree.File($"_sdk/{dir}/Gen.lib.{dir}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><RootNamespace>{ns}</RootNamespace><EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles></PropertyGroup>
                  <ItemGroup><ProjectReference Include="../gen/Gen.gen.locales.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" /><AdditionalFiles Include="{yml}" /></ItemGroup>
                </Project>
                """);
        }
        tree.File("_sdk/app/main.cs", File.ReadAllText(tree.Path("m/cmd/app/main.cs")));
        tree.File("_sdk/app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><ProjectReference Include="../words/Gen.lib.words.csproj" /><ProjectReference Include="../other/Gen.lib.other.csproj" /></ItemGroup>
            </Project>
            """);
    }
}
