namespace Crossbuild.Tests.Support;

/// <summary>
/// Runs the real <c>crossbuild</c> command (Crossbuild.Cli.dll through the dotnet host) in a directory, with a
/// build cache private to this test run unless the arguments name one.
/// </summary>
public static class CliRunner
{
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Crossbuild.Cli.dll");

    /// <summary>The cache every CLI test of this run shares.</summary>
    public static readonly string SharedCache =
        Path.Combine(Path.GetTempPath(), "crossbuild-tests", "cache-" + Guid.NewGuid().ToString("N")[..12]);

    public static ProcessRunner.Result Run(string workingDirectory, params string[] args) =>
        Run(workingDirectory, new Dictionary<string, string> { ["CROSSBUILD_CACHE"] = SharedCache }, args);

    /// <summary>Runs the CLI with <paramref name="environment"/> (which should name a cache, as <c>CROSSBUILD_CACHE</c>).</summary>
    public static ProcessRunner.Result Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ProcessRunner.Run("dotnet", workingDirectory, InProcessUnlessAsked(environment), [CliDll, .. args]);

    // Commands run in process unless a test asks for the build server (CROSSBUILD_SERVER=1).
    private static IReadOnlyDictionary<string, string> InProcessUnlessAsked(IReadOnlyDictionary<string, string> environment) =>
        environment.ContainsKey("CROSSBUILD_SERVER") ? environment
            : new Dictionary<string, string>(environment) { ["CROSSBUILD_SERVER"] = "0" };
}
