using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Embedded resources against <c>dotnet build</c>: .resx files (neutral, culture satellites, the DependentUpon
/// convention, linked files), raw <c>embed</c> files with SDK and explicit names, compared name by name and byte
/// for byte, and loaded at run time under <c>CultureInfo("de")</c>.
/// </summary>
public class ResourceTests
{
    private static string Resx(params (string Name, string Value)[] strings) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n" +
        string.Concat(strings.Select(s => $"  <data name=\"{s.Name}\" xml:space=\"preserve\"><value>{s.Value}</value></data>\n")) +
        "</root>\n";

    private const string Program = """
        using System.Globalization;
        using System.Resources;
        var strings = new ResourceManager("My.Root.Strings", typeof(Program).Assembly);
        Console.WriteLine(strings.GetString("Hello", CultureInfo.InvariantCulture));
        Console.WriteLine(strings.GetString("Hello", new CultureInfo("de")));
        Console.WriteLine(strings.GetString("Hello", new CultureInfo("fr-FR")));
        var form = new ResourceManager("Foo.Bar.Inner.Form1", typeof(Program).Assembly);
        Console.WriteLine(form.GetString("Title", new CultureInfo("de")));
        var refs = new ResourceManager("My.Root.FileRefs", typeof(Program).Assembly);
        Console.WriteLine(refs.GetString("Text") + " " + ((byte[])refs.GetObject("Bytes")!).Length);
        using var tz = typeof(Program).Assembly.GetManifestResourceStream("My.Root.Data.tz.bin")!;
        Console.WriteLine(tz.Length);
        Console.WriteLine(string.Join(",", typeof(Program).Assembly.GetManifestResourceNames()));
        """;

    private static void Sources(TempTree tree, string dir)
    {
        tree.File(dir + "/main.cs", Program);
        tree.File(dir + "/Strings.resx", Resx(("Hello", "Hello"), ("Bye", "Bye")));
        tree.File(dir + "/Strings.de.resx", Resx(("Hello", "Hallo")));
        tree.File(dir + "/Strings.fr-FR.resx", Resx(("Hello", "Bonjour")));
        tree.File(dir + "/Strings.notaculture.resx", Resx(("X", "y")));
        tree.File(dir + "/Data/2nd dir/Nested.resx", Resx(("N", "nested\r\nlines")));
        tree.File(dir + "/Forms/Form1.cs", "// class NotThis\nnamespace Foo.Bar { namespace Inner { [System.Obsolete(\"class Nope\")] public partial class Form1<T> { } } }\n");
        tree.File(dir + "/Forms/Form1.resx", Resx(("Title", "Form")));
        tree.File(dir + "/Forms/Form1.de.resx", Resx(("Title", "Formular")));
        tree.File(dir + "/FileRefs.resx", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n" +
            "  <data name=\"Text\" type=\"System.Resources.ResXFileRef, System.Windows.Forms\"><value>linked/text.txt;System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089;utf-8</value></data>\n" +
            "  <data name=\"Bytes\" type=\"System.Resources.ResXFileRef, System.Windows.Forms\"><value>linked/blob.bin;System.Byte[], mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></data>\n" +
            "  <data name=\"Nothing\" type=\"System.Resources.ResXNullRef, System.Windows.Forms\"><value /></data>\n" +
            "</root>\n");
        tree.File(dir + "/linked/text.txt", "linked text");
        tree.Bytes(dir + "/linked/blob.bin", [1, 2, 3, 4, 5]);
        tree.Bytes(dir + "/Data/tz.bin", Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        tree.File(dir + "/Data/logo.de.txt", "Logo auf Deutsch");
        tree.File(dir + "/Custom.txt", "custom");
    }

    [Fact]
    public void ResourcesAndSatellitesAreTheSdksByteForByte()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/cmd/app/crossbuild.json", """
            {"name": "app", "rootNamespace": "My.Root",
             "embed": ["Data/tz.bin", "Data/logo.de.txt", {"file": "Custom.txt", "name": "Explicit.Logical.Name"}]}
            """);
        Sources(tree, "m/cmd/app");
        Sources(tree, "mirror");
        tree.File("mirror/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>My.Root</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
                <EmbeddedResource Include="Data/tz.bin;Data/logo.de.txt" />
                <EmbeddedResource Include="Custom.txt" LogicalName="Explicit.Logical.Name" />
              </ItemGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        var mine = Resources(tree.Path("m/out/app.dll"));
        var sdk = Resources(tree.Path("mirror/out/app.dll"));
        mine.Select(r => r.Name).Should().Equal(sdk.Select(r => r.Name));
        foreach (var (a, b) in mine.Zip(sdk)) a.Bytes.Should().Equal(b.Bytes, a.Name);
        foreach (var satellite in new[] { "de/app.resources.dll", "fr-FR/app.resources.dll" })
        {
            var (ourSatellite, sdkSatellite) = (tree.Path("m/out/" + satellite), tree.Path("mirror/out/" + satellite));
            Resources(ourSatellite).Should().BeEquivalentTo(Resources(sdkSatellite), o => o.WithStrictOrdering(), satellite);
            System.IO.File.ReadAllBytes(ourSatellite).Should().Equal(System.IO.File.ReadAllBytes(sdkSatellite), satellite);
        }
        System.IO.File.ReadAllText(tree.Path("m/out/app.deps.json")).Should().Be(System.IO.File.ReadAllText(tree.Path("mirror/out/app.deps.json")));
        var run = ProcessRunner.Run(tree.Path("m/out/app"), tree.Root);
        run.StdOut.Should().StartWith("Hello\nHallo\nBonjour\nFormular\nlinked text 5\n300\n")
            .And.Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);

        var list = CliRunner.Run(tree.Path("m"), "list", "--json", "./cmd/app");
        list.StdOut.Should().Contain("\"Name\": \"Foo.Bar.Inner.Form1.de.resources\"").And.Contain("\"Culture\": \"fr-FR\"");
    }

    [Fact]
    public void AnEditedResourceRecompilesAndAReleaseCarriesTheSatellites()
    {
        using var tree = new TempTree().Module("Acme", ", \"version\": \"2.0.0\"");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { public static string Hi => new System.Resources.ResourceManager(\"Acme.lib.text.Strings\", typeof(T).Assembly).GetString(\"Hi\", new System.Globalization.CultureInfo(\"de\"))!; }");
        tree.File("lib/text/Strings.resx", Resx(("Hi", "hi")));
        tree.File("lib/text/Strings.de.resx", Resx(("Hi", "hallo")));
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(Acme.Text.T.Hi);");
        CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app").ExitCode.Should().Be(0);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("hallo\n");
        tree.File("lib/text/Strings.de.resx", Resx(("Hi", "servus")));
        var again = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        again.ExitCode.Should().Be(0, again.StdErr);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Should().Be("servus\n");

        var release = CliRunner.Run(tree.Root, "release", "./lib/...", "--version", "2.0.0", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        using var nupkg = System.IO.Compression.ZipFile.OpenRead(tree.Path("dist/Acme.lib.text.2.0.0.nupkg"));
        nupkg.Entries.Select(e => e.FullName).Should().Contain(["lib/net10.0/Acme.lib.text.dll", "lib/net10.0/de/Acme.lib.text.resources.dll"]);
    }

    [Fact]
    public void AMalformedResxIsAnErrorAtItsLineAndColumn()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(1);");
        tree.File("cmd/app/Strings.resx", "<root>\n  <data name=\"A\"><value>x</value></data>\n  <data name=\"B\"><value>y</valu></data>\n</root>\n");
        var r = CliRunner.Run(tree.Root, "build", "./cmd/app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("cmd/app/Strings.resx(3,").And.Contain("error MSB3103: Invalid Resx file.");
    }

    [Fact]
    public void AnEmbedThatNamesNothingIsAnErrorAtTheField()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(1);");
        tree.File("cmd/app/crossbuild.json", "{\"embed\": [\"missing.bin\"]}");
        var r = CliRunner.Run(tree.Root, "build", "./cmd/app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be("cmd/app/crossbuild.json:1:2: embed \"missing.bin\" names no file");
    }

    private static List<(string Name, byte[] Bytes)> Resources(string dll)
    {
        using var pe = new PEReader(System.IO.File.OpenRead(dll));
        var md = pe.GetMetadataReader();
        var result = new List<(string, byte[])>();
        var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        foreach (var h in md.ManifestResources)
        {
            var r = md.GetManifestResource(h);
            var data = pe.GetSectionData(directory.RelativeVirtualAddress + (int)r.Offset);
            var reader = data.GetReader();
            var length = reader.ReadInt32();
            result.Add((md.GetString(r.Name), reader.ReadBytes(length)));
        }
        return result;
    }
}
