using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossbuild.Tests.Support;
using Json.Schema;

namespace Crossbuild.Tests.Release;

/// <summary>
/// <c>release --sbom</c>: a CycloneDX 1.6 SBOM per archive and package, validated against the published schema that
/// CycloneDX's own .NET tool carries (CycloneDX.Core's embedded schemas), listed in release.json and SHA256SUMS,
/// reproducible, and merged like any artifact.
/// </summary>
public sealed class SbomTests
{
    private const string CycloneDxVersion = "6.3.1";

    // The schema and the two it references, from CycloneDX.Core.dll's resources (the assembly is only read, never run).
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var tool = Path.Combine(Path.GetDirectoryName(RestoredPackage.Nupkg("CycloneDX", CycloneDxVersion)!)!, "tools");
        var core = Directory.GetFiles(tool, "CycloneDX.Core.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var context = new AssemblyLoadContext("cyclonedx-schemas", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(core);
            string Text(string name)
            {
                using var stream = assembly.GetManifestResourceStream("CycloneDX.Core.Schemas." + name)!;
                return new StreamReader(stream).ReadToEnd();
            }
            JsonSchema.FromText(Text("spdx.schema.json"));
            JsonSchema.FromText(Text("jsf-0.82.schema.json"));
            return JsonSchema.FromText(Text("bom-1.6.schema.json"));
        }
        finally
        {
            context.Unload();
        }
    });

    private static void Valid(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.Should().BeTrue($"{Path.GetFileName(path)} is CycloneDX 1.6: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    private static PackageModule Module() =>
        new PackageModule("\"Acme.Text\": \"1.0.0\"", "using App.Greet;\nSystem.Console.WriteLine(G.Hi());\n")
            .With(new TestPackage("Acme.Text", "1.0.0").License("Apache-2.0 OR MIT")
                .Lib("net8.0", "namespace Acme.Text; public static class T { public static string Up(string s) => s.ToUpperInvariant(); }"));

    [RestoredPackageFact("CycloneDX", CycloneDxVersion)]
    public void EachArchiveAndPackageHasAValidReproducibleSbomOfWhatItCarries()
    {
        using var m = Module();
        m.Tree.File("lib/greet/g.cs", "namespace App.Greet;\npublic static class G { public static string Hi() => Acme.Text.T.Up(\"hi\"); }\n");
        var env = new Dictionary<string, string>(m.Env) { ["SOURCE_DATE_EPOCH"] = "1767225600" };
        var release = CliRunner.Run(m.Tree.Root, env, "release", "--sbom", "--version", "1.2.3", "-r", "linux-x64", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        var dist = m.Tree.Path("dist");
        var names = Directory.GetFiles(dist).Select(Path.GetFileName).ToArray();
        names.Should().Contain(["app_1.2.3_linux-x64.tar.gz.cdx.json", "App.lib.greet.1.2.3.nupkg.cdx.json"]);

        var archive = JsonNode.Parse(File.ReadAllText(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz.cdx.json")))!;
        Valid(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz.cdx.json"));
        ((string)archive["specVersion"]!, (string)archive["metadata"]!["timestamp"]!).Should().Be(("1.6", "2026-01-01T00:00:00Z"));
        ((string)archive["metadata"]!["component"]!["name"]!, (string)archive["metadata"]!["component"]!["version"]!).Should().Be(("App", "1.2.3"));
        var components = archive["components"]!.AsArray().Select(c => c!).ToArray();
        components.Select(c => (string)c["name"]!).Should().BeEquivalentTo("app", "App.lib.greet", "Acme.Text");
        var text = components.Single(c => (string)c["name"]! == "Acme.Text");
        ((string)text["purl"]!, (string)text["version"]!).Should().Be(("pkg:nuget/Acme.Text@1.0.0", "1.0.0"));
        ((string)text["licenses"]![0]!["expression"]!).Should().Be("Apache-2.0 OR MIT");
        // The lock file's SHA-512, which is the nupkg's.
        var nupkg = Path.Combine(m.Env["NUGET_PACKAGES"], "acme.text", "1.0.0", "acme.text.1.0.0.nupkg");
        ((string)text["hashes"]![0]!["alg"]!, (string)text["hashes"]![0]!["content"]!).Should().Be(("SHA-512", Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(nupkg)))));
        m.Lock.Should().Contain(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg))));

        // The control: the schema does refuse what is not CycloneDX 1.6.
        var broken = archive.DeepClone();
        broken["components"]![0]!["type"] = "gadget";
        Schema.Value.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid.Should().BeFalse();

        var library = JsonNode.Parse(File.ReadAllText(Path.Combine(dist, "App.lib.greet.1.2.3.nupkg.cdx.json")))!;
        Valid(Path.Combine(dist, "App.lib.greet.1.2.3.nupkg.cdx.json"));
        library["components"]!.AsArray().Select(c => (string)c!["name"]!).Should().BeEquivalentTo("App.lib.greet", "Acme.Text");

        // Listed like every artifact, and reproducible: the same release again gives the same bytes.
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(dist, "release.json")))!["artifacts"]!.AsArray();
        index.Where(a => (string)a!["kind"]! == "sbom").Select(a => (string)a!["name"]!).Should().BeEquivalentTo(
            "app_1.2.3_linux-x64.tar.gz.cdx.json", "App.lib.greet.1.2.3.nupkg.cdx.json");
        File.ReadAllText(Path.Combine(dist, "SHA256SUMS")).Should().Contain("  app_1.2.3_linux-x64.tar.gz.cdx.json\n");
        var first = File.ReadAllBytes(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz.cdx.json"));
        var again = CliRunner.Run(m.Tree.Root, env, "release", "--sbom", "--version", "1.2.3", "-r", "linux-x64", "--clean", "-o", "dist/");
        again.ExitCode.Should().Be(0, again.StdErr);
        File.ReadAllBytes(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz.cdx.json")).Should().Equal(first);

        // A merge carries them like any artifact.
        var merge = CliRunner.Run(m.Tree.Root, env, "release", "--merge", "dist", "-o", "merged/");
        merge.ExitCode.Should().Be(0, merge.StdErr);
        File.ReadAllBytes(m.Tree.Path("merged/app_1.2.3_linux-x64.tar.gz.cdx.json")).Should().Equal(first);
    }

    [RestoredPackageFact("CycloneDX", CycloneDxVersion)]
    public void ASelfContainedArchiveListsItsRuntimePack()
    {
        RestoredPackage.Nupkg("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12").Should().NotBeNull("the test project restores it");
        using var tree = new TempTree().Module("Solo");
        tree.File("cmd/solo/main.cs", "System.Console.WriteLine(\"solo\");\n");
        var env = LocalFeed.AddTo(tree);
        // The runtime pack from the global packages folder the test project restored it into; no feed is reached.
        env["NUGET_PACKAGES"] = RestoredPackage.GlobalFolder;
        var release = CliRunner.Run(tree.Root, env, "release", "--sbom", "--self-contained", "--version", "0.1.0", "-r", "linux-x64", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        var path = tree.Path("dist/solo_0.1.0_linux-x64_self-contained.tar.gz.cdx.json");
        Valid(path);
        var pack = JsonNode.Parse(File.ReadAllText(path))!["components"]!.AsArray().Single(c => (string)c!["type"]! == "framework")!;
        ((string)pack["name"]!, (string)pack["version"]!, (string)pack["purl"]!).Should().Be(
            ("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12", "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12"));
    }
}
