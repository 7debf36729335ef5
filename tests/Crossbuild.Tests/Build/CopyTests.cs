using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary><c>copy</c> (the SDK's <c>CopyToOutputDirectory</c>) against <c>dotnet build</c>: the app's and its libraries' files, linked ones too.</summary>
public class CopyTests
{
    [Fact]
    public void CopiedFilesLandWhereDotnetBuildPutsThem()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/assets/logo.txt", "logo");
        foreach (var (app, lib) in new[] { ("m/cmd/app", "m/lib/data"), ("_sdk/app", "_sdk/data") })
        {
            tree.File(app + "/main.cs", "System.Console.WriteLine(System.IO.File.ReadAllText(System.IO.Path.Combine(System.AppContext.BaseDirectory, \"config/app.json\")) + Acme.Data.D.Name);");
            tree.File(app + "/config/app.json", "{\"debug\": true}");
            tree.File(lib + "/d.cs", "namespace Acme.Data; public static class D { public static string Name => \"data\"; }");
            tree.File(lib + "/seed/rows.csv", "a,b\n");
        }
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\", \"copy\": [\"config/*.json\", {\"file\": \"../../assets/logo.txt\", \"to\": \"assets/logo.txt\"}]}");
        tree.File("m/lib/data/crossbuild.json", "{\"name\": \"Acme.Data\", \"copy\": [\"seed/**\"]}");
        tree.File("_sdk/data/Acme.Data.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><None Update="seed/**" CopyToOutputDirectory="PreserveNewest" /></ItemGroup>
            </Project>
            """);
        tree.File("_sdk/app/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup>
                <None Update="config/*.json" CopyToOutputDirectory="PreserveNewest" />
                <None Include="{tree.Path("m/assets/logo.txt")}" Link="assets/logo.txt" CopyToOutputDirectory="PreserveNewest" />
                <ProjectReference Include="../data/Acme.Data.csproj" />
              </ItemGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk/app"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        // The SDK copies a referenced library's deps.json, which nothing reads.
        string[] Files(string dir) => TempTree.FilesUnder(dir).Where(f => f != "Acme.Data.deps.json").ToArray();
        Files(tree.Path("m/out")).Should().Equal(Files(tree.Path("sdkout")));
        foreach (var f in new[] { "config/app.json", "assets/logo.txt", "seed/rows.csv" })
            File.ReadAllText(tree.Path("m/out/" + f)).Should().Be(File.ReadAllText(tree.Path("sdkout/" + f)), f);
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Root).StdOut.Should().Be("{\"debug\": true}data\n");
    }

    [Fact]
    public void ACopyOntoABuildOutputIsAnError()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/app/main.cs", "System.Console.WriteLine(1);");
        tree.File("cmd/app/app.deps.json", "{}");
        tree.File("cmd/app/crossbuild.json", "{\"copy\": [\"app.deps.json\"]}");
        var r = CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app");
        r.ExitCode.Should().Be(1);
        r.StdErr.Should().Contain("would overwrite the build's own app.deps.json at app.deps.json");
    }
}

/// <summary>Satellites and copied files in a single-file app, against <c>dotnet publish -p:PublishSingleFile=true</c>.</summary>
public class SingleFileContentTests
{
    [Fact]
    public void SatellitesAreBundledAndCopiedFilesStayBesideAsUnderDotnetPublish()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/cmd/app/crossbuild.json", "{\"name\": \"app\", \"rootNamespace\": \"App\", \"copy\": [\"config.json\"]}");
        foreach (var dir in new[] { "m/cmd/app", "_sdk" })
        {
            tree.File(dir + "/main.cs", "System.Console.WriteLine(new System.Resources.ResourceManager(\"App.Strings\", typeof(Program).Assembly).GetString(\"Hi\", new System.Globalization.CultureInfo(\"de\")) + System.IO.File.ReadAllText(System.IO.Path.Combine(System.AppContext.BaseDirectory, \"config.json\")));");
            tree.File(dir + "/Strings.resx", "<root><data name=\"Hi\" xml:space=\"preserve\"><value>hi</value></data></root>");
            tree.File(dir + "/Strings.de.resx", "<root><data name=\"Hi\" xml:space=\"preserve\"><value>hallo</value></data></root>");
            tree.File(dir + "/config.json", "{}");
        }
        tree.File("_sdk/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>App</RootNamespace></PropertyGroup>
              <ItemGroup><None Update="config.json" CopyToOutputDirectory="PreserveNewest" /></ItemGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-c", "Release", "--single-file", "-r", "linux-x64", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk"), "publish", "-nologo", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-p:PublishSingleFile=true", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);
        var mine = tree.Path("m/out/linux-x64");
        TempTree.FilesUnder(mine).Should().Equal(TempTree.FilesUnder(tree.Path("sdkout")));
        FidelityTests.Manifest(Path.Combine(mine, "app")).Select(e => (e.Name, e.Type)).Should()
            .Equal(FidelityTests.Manifest(tree.Path("sdkout/app")).Select(e => (e.Name, e.Type)));
        ProcessRunner.Run(Path.Combine(mine, "app"), tree.Root).StdOut.Should().Be("hallo{}\n");
    }
}
