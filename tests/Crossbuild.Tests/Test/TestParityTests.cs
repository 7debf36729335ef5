using System.Text.Json;
using Crossbuild.Test;
using Crossbuild.Tests.Support;
using FluentAssertions;

namespace Crossbuild.Tests.Test;

/// <summary>
/// A test assembly Crossbuild builds discovers and runs the same tests, with the same outcomes, as the same sources
/// built by the SDK (a csproj on the Testing Platform) and run with the same TRX report.
/// </summary>
public sealed class TestParityTests
{
    // The packages the installed targeting pack says Microsoft.NETCore.App provides (data/PackageOverrides.txt).
    private static readonly Lazy<HashSet<string>> FrameworkPackages = new(() =>
    {
        var root = Path.GetDirectoryName(Environment.ProcessPath!)!;
        var packs = Path.Combine(Crossbuild.Env.DotnetEnvironment.Current.DotnetRoot ?? root, "packs", "Microsoft.NETCore.App.Ref");
        return Directory.EnumerateFiles(packs, "PackageOverrides.txt", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines).Select(l => l.Split('|')[0].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    [TestFrameworksFact]
    public void EachFrameworkReportsTheSameTestsAndOutcomesAsTheSdksBuild()
    {
        using var tree = TestModule.Create(failing: true);
        var frameworks = new Dictionary<string, (string Runner, string Packages)>
        {
            ["text"] = ("<UseMicrosoftTestingPlatformRunner>true</UseMicrosoftTestingPlatformRunner>",
                $"<PackageReference Include=\"xunit.v3\" Version=\"{TestModule.Xunit}\" />"),
            ["nu"] = ("<EnableNUnitRunner>true</EnableNUnitRunner>",
                "<PackageReference Include=\"NUnit\" Version=\"5.0.0\" /><PackageReference Include=\"NUnit3TestAdapter\" Version=\"6.3.1\" />"),
            ["ms"] = ("<EnableMSTestRunner>true</EnableMSTestRunner>",
                "<PackageReference Include=\"MSTest.TestFramework\" Version=\"4.5.2\" /><PackageReference Include=\"MSTest.TestAdapter\" Version=\"4.5.2\" />"),
        };
        var ours = TestModule.Cli(tree, "test", "-json", "./lib/text", "./lib/nu", "./lib/ms");
        ours.ExitCode.Should().Be(1, ours.StdErr); // lib/text has a failing test
        var events = ours.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("Test", out _) && e.GetProperty("Action").GetString() is "pass" or "fail" or "skip")
            .Select(e => (Package: e.GetProperty("Package").GetString()!, Test: e.GetProperty("Test").GetString()!, Action: e.GetProperty("Action").GetString()!))
            .ToArray();

        foreach (var (dir, (runner, packages)) in frameworks)
        {
            // Ours, installed in the cache, under the same assembly name the SDK's build gets.
            var installed = Directory.EnumerateFiles(tree.Path(".cache/test"), $"*.lib.{dir}.Tests.runtimeconfig.json", SearchOption.AllDirectories).Single();
            var name = Path.GetFileName(installed)[..^".runtimeconfig.json".Length];
            tree.File($"_sdk/{dir}/{dir}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><Nullable>enable</Nullable><AssemblyName>{name}</AssemblyName>
                    <ImplicitUsings>enable</ImplicitUsings><EnableDefaultCompileItems>false</EnableDefaultCompileItems>{runner}</PropertyGroup>
                  <ItemGroup><Compile Include="../../lib/{dir}/*.cs" />{packages}
                    <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="{TestModule.Trx}" /></ItemGroup>
                </Project>
                """);
            var build = ProcessRunner.Run("dotnet", tree.Path($"_sdk/{dir}"), "build", "-nologo", "-v:q", "-p:UseSharedCompilation=false");
            build.ExitCode.Should().Be(0, build.StdOut);
            var results = tree.Path($"_sdk/{dir}/results");
            // The same files in the output folder, and the same runtimeconfig.json (with what the frameworks' build files add).
            var sdkOut = tree.Path($"_sdk/{dir}/bin/Debug/net10.0");
            static string[] Files(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
            var installedFiles = Files(Path.GetDirectoryName(installed)!);
            Files(sdkOut).Except(installedFiles).Should().BeEmpty(dir);
            // Known gap: the SDK prunes packages the shared framework provides (NuGet's package pruning, on for
            // net10.0); Crossbuild still carries their assemblies. Nothing else may differ.
            installedFiles.Except(Files(sdkOut)).Select(f => Path.GetFileNameWithoutExtension(f)).Should().OnlyContain(a => FrameworkPackages.Value.Contains(a), dir);
            File.ReadAllText(installed).Should().Be(File.ReadAllText(Path.Combine(sdkOut, name + ".runtimeconfig.json")), dir);
            ProcessRunner.Run("dotnet", tree.Path($"_sdk/{dir}"), $"bin/Debug/net10.0/{name}.dll", "--report-trx", "--report-trx-filename", "r.trx",
                "--results-directory", results, "--no-progress");
            var theirs = TrxReport.Read(Path.Combine(results, "r.trx"), tree.Root)
                .Select(t => (t.Name, Action: t.Outcome switch { TestOutcome.Passed => "pass", TestOutcome.Failed => "fail", _ => "skip" }))
                .Order().ToArray();
            theirs.Should().NotBeEmpty();
            events.Where(e => e.Package == "lib/" + dir).Select(e => (Name: e.Test, e.Action)).Order().ToArray()
                .Should().Equal(theirs, dir);
        }
    }
}
