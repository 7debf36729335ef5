using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Load;

public class ManifestTests
{
    [Fact]
    public void ReadsModuleFieldsWithDefaults()
    {
        using var t = new TempTree();
        t.File("crossbuild.json", "{ // comment\n \"module\": \"Acme\", \"allowUnsafe\": true, \"langVersion\": \"13\", }");
        var m = Module.Find(t.Root);
        m.Root.Should().Be(t.Root);
        m.Manifest.Name.Should().Be("Acme");
        m.Manifest.Framework.Moniker.Should().Be("net10.0");
        m.Manifest.Defaults.Should().Be(new CompileSettings(Nullable: "enable", LangVersion: "13", ImplicitUsings: true, AllowUnsafe: true));
    }

    [Fact]
    public void FindsTheModuleFromASubdirectoryPastPackageManifests()
    {
        using var t = new TempTree();
        t.Module().File("lib/a/crossbuild.json", "{\"name\": \"X\"}").File("lib/a/deep/f.cs", "");
        Module.Find(t.Path("lib/a/deep")).Root.Should().Be(t.Root);
    }

    [Theory]
    [InlineData("{\"module\": \"A\",\n  \"colour\": 1}", "crossbuild.json:2:3: unknown field \"colour\" in module manifest*")]
    [InlineData("{\"module\": \"A\",\n \"framework\": \"netcoreapp3.1\"}", "crossbuild.json:2:2: unsupported target framework \"netcoreapp3.1\"*")]
    [InlineData("{\"module\": \"A\", \"nullable\": \"maybe\"}", "crossbuild.json:1:17: field \"nullable\" must be one of enable, disable, warnings, annotations, not \"maybe\"")]
    [InlineData("{\"module\": \"A\", \"allowUnsafe\": \"yes\"}", "crossbuild.json:1:17: field \"allowUnsafe\" must be true or false")]
    [InlineData("{\"module\": \"A\", \"langVersion\": \"99\"}", "crossbuild.json:1:17: field \"langVersion\" has unknown C# version \"99\"")]
    [InlineData("{\"framework\": \"net10.0\"}", "crossbuild.json:1:1: missing required field \"module\"")]
    [InlineData("{\"module\": \"A\"\n  \"x\": 1}", "crossbuild.json:2:3: malformed JSON: *")]
    [InlineData("[1]", "crossbuild.json:1:1: malformed JSON: expected an object")]
    [InlineData("{\"module\": \"A\", \"module\": \"B\"}", "crossbuild.json:1:17: duplicate field \"module\"")]
    [InlineData("{\"module\": \"a b\"}", "crossbuild.json:1:2: module name \"a b\" is not a valid assembly name")]
    public void RejectsBadManifestsWithPosition(string json, string message)
    {
        using var t = new TempTree();
        t.File("crossbuild.json", json);
        var act = () => Module.Find(t.Root);
        act.Should().Throw<CrossbuildException>().WithMessage(message);
    }

    [Fact]
    public void NoManifestIsAClearError()
    {
        var dir = Directory.CreateTempSubdirectory("crossbuild-nomod").FullName;
        try
        {
            var act = () => Module.Find(dir);
            act.Should().Throw<CrossbuildException>().WithMessage($"no crossbuild.json found in {dir} or any parent directory*");
        }
        finally { Directory.Delete(dir); }
    }
}
