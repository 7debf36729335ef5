using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Network;

/// <summary>
/// A real package from the configured NuGet sources (the registry or a mirror), into a private global packages
/// folder. Opt-in: <c>CROSSBUILD_NETWORK_TESTS=1 ./build.sh test</c>.
/// </summary>
public class RegistryPackageTests
{
    [NetworkFact]
    public void NewtonsoftJsonIsRestoredLockedAndUsed()
    {
        using var tree = new TempTree().Module("App", ", \"packages\": { \"Newtonsoft.Json\": \"13.0.3\" }");
        tree.File("app/main.cs", "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { a = 1 }));");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("global"), ["CROSSBUILD_CACHE"] = tree.Path("cache") };
        var build = ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "-o", "out/", "./app");
        build.ExitCode.Should().Be(0, build.StdErr);
        ProcessRunner.Run(tree.Path("out/app"), tree.Root).StdOut.Trim().Should().Be("{\"a\":1}");
        var lockText = File.ReadAllText(tree.Path("crossbuild.lock.json"));
        // Newtonsoft.Json 13.0.3's content hash, as nuget.org publishes it and packages.lock.json records it.
        lockText.Should().Contain("\"newtonsoft.json/13.0.3\": \"sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==\"");
        ProcessRunner.Run("dotnet", tree.Root, env, CliRunner.CliDll, "build", "--locked", "-o", "out/", "./app").ExitCode.Should().Be(0);
    }
}
