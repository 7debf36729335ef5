using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Web apps (<c>"sdk": "web"</c>, ASP.NET Core through <c>frameworkReferences</c>) against <c>dotnet build</c> of a
/// <c>Microsoft.NET.Sdk.Web</c> project: a minimal API with configuration and a <c>[LoggerMessage]</c> logger,
/// started on a free port and asked for a page.
/// </summary>
public class WebAppTests
{
    private const string Program = """
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.MapGet("/", () =>
        {
            Log.Served(app.Logger, "/");
            return app.Configuration["Greeting"] ?? "no configuration";
        });
        app.Run();

        static partial class Log
        {
            [LoggerMessage(Level = LogLevel.Information, Message = "served {Path}")]
            public static partial void Served(ILogger logger, string path);
        }
        """;

    private static void App(TempTree tree, string dir)
    {
        tree.File(dir + "/Program.cs", Program);
        tree.File(dir + "/appsettings.json", "{\"Greeting\": \"hello from appsettings\", \"Logging\": {\"LogLevel\": {\"Default\": \"Information\"}}}");
        tree.File(dir + "/appsettings.Development.json", "{}");
        tree.File(dir + "/Properties/launchSettings.json", "{\"profiles\": {}}");
    }

    [Fact]
    public void AMinimalApiAppBuildsServesAndMatchesDotnetBuild()
    {
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\"}");
        tree.File("m/cmd/web/crossbuild.json", "{\"name\": \"web\", \"sdk\": \"web\"}");
        App(tree, "m/cmd/web");
        App(tree, "_sdk");
        tree.File("_sdk/web.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/web");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("_sdk"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("sdkout"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        TempTree.FilesUnder(tree.Path("m/out")).Should().Equal(TempTree.FilesUnder(tree.Path("sdkout")));
        foreach (var f in new[] { "web.runtimeconfig.json", "web.deps.json", "web.staticwebassets.endpoints.json", "appsettings.json" })
            File.ReadAllText(tree.Path("m/out/" + f)).Should().Be(File.ReadAllText(tree.Path("sdkout/" + f)), f);
        PdbDocuments.Checksum(tree.Path("m/out/web.pdb"), "GlobalUsings.g.cs").Should()
            .Equal(PdbDocuments.Checksum(tree.Path("sdkout/web.pdb"), "GlobalUsings.g.cs"), "the Web SDK's implicit usings");

        var (body, log) = Serve(tree.Path("m/out/web"), tree.Path("m/out"));
        body.Should().Be("hello from appsettings");
        log.Should().Contain("served /", "the LoggerMessage generator ran");
        Serve(tree.Path("sdkout/web"), tree.Path("sdkout")).Body.Should().Be(body);
    }

    [RestoredPackageFact("Microsoft.AspNetCore.App.Runtime.linux-x64", "10.0.12")]
    public void ASelfContainedWebAppRunsWithoutASharedFramework()
    {
        RestoredPackage.Nupkg("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12").Should().NotBeNull("the test project restores it");
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/web/crossbuild.json", "{\"name\": \"web\", \"sdk\": \"web\"}");
        App(tree, "cmd/web");
        // The runtime packs come from the global packages folder the test project restored them into; no feed is reached.
        var env = LocalFeed.AddTo(tree);
        env["NUGET_PACKAGES"] = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(
            RestoredPackage.Nupkg("Microsoft.AspNetCore.App.Runtime.linux-x64", "10.0.12")!)!)!)!;
        var build = CliRunner.Run(tree.Root, env, "build", "--self-contained", "-r", "linux-x64", "-o", "out/", "./cmd/web");
        build.ExitCode.Should().Be(0, build.StdErr);
        var dir = tree.Path("out/linux-x64");
        File.Exists(Path.Combine(dir, "Microsoft.AspNetCore.Http.dll")).Should().BeTrue();
        File.ReadAllText(Path.Combine(dir, "web.runtimeconfig.json")).Should().Contain("\"includedFrameworks\"")
            .And.Contain("\"name\": \"Microsoft.AspNetCore.App\"");
        File.ReadAllText(Path.Combine(dir, "web.deps.json")).Should().Contain("\"runtimepack.Microsoft.AspNetCore.App.Runtime.linux-x64/10.0.12\"");
        // No shared framework to fall back on: DOTNET_ROOT points nowhere.
        Serve(Path.Combine(dir, "web"), dir, new Dictionary<string, string> { ["DOTNET_ROOT"] = tree.Path("no-dotnet") }).Body
            .Should().Be("hello from appsettings");
    }

    [Fact]
    public void AWebAppBuiltIntoItsOwnDirectoryDoesNotCopyItsOutputs()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/web/crossbuild.json", "{\"name\": \"web\", \"sdk\": \"web\"}");
        App(tree, "cmd/web");
        foreach (var args in new[] { new[] { "build" }, ["build"], ["build", "-o", "out/"], ["build", "-o", "out/"] })
        {
            var r = CliRunner.Run(tree.Path("cmd/web"), args);
            r.ExitCode.Should().Be(0, r.StdErr);
        }
        File.Exists(tree.Path("cmd/web/out/appsettings.json")).Should().BeTrue();
        Directory.Exists(tree.Path("cmd/web/out/out")).Should().BeFalse("an output folder is not content");
        File.ReadAllText(tree.Path("cmd/web/appsettings.json")).Should().Contain("hello from appsettings", "copied onto itself, it is left alone");
    }

    [Fact]
    public void RazorFilesAreAClearError()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("cmd/web/crossbuild.json", "{\"sdk\": \"web\"}");
        tree.File("cmd/web/Program.cs", "var app = WebApplication.Create(args); app.Run();");
        tree.File("cmd/web/Pages/Index.cshtml", "@page");
        var r = CliRunner.Run(tree.Root, "build", "./cmd/web");
        r.ExitCode.Should().Be(1);
        r.StdErr.Trim().Should().Be("crossbuild: cmd/web/Pages/Index.cshtml: Razor views and components (.razor, .cshtml) are not supported; Crossbuild compiles C# only");
    }

    [Fact]
    public void AnUnknownFrameworkReferenceIsAnErrorAtTheField()
    {
        using var tree = new TempTree().Module("Acme", ", \"frameworkReferences\": [\"Microsoft.WindowsDesktop.App\"]");
        tree.File("main.cs", "System.Console.WriteLine(1);");
        var r = CliRunner.Run(tree.Root, "build");
        r.ExitCode.Should().NotBe(0);
        r.StdErr.Trim().Should().Be("crossbuild.json:1:20: field \"frameworkReferences\" has \"Microsoft.WindowsDesktop.App\"; known shared frameworks: Microsoft.AspNetCore.App");
    }

    // Starts the app on a free port, asks for "/", stops it; returns the body and what the app printed.
    private static (string Body, string Log) Serve(string app, string workingDirectory, Dictionary<string, string>? env = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var psi = new ProcessStartInfo(app) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    var body = http.GetStringAsync($"http://127.0.0.1:{port}/").GetAwaiter().GetResult();
                    Thread.Sleep(200); // let the request's log line reach the console
                    lock (output) return (body, output.ToString());
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    Thread.Sleep(100);
                }
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
