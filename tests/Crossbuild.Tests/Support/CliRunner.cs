namespace Crossbuild.Tests.Support;

/// <summary>Runs the real <c>crossbuild</c> command (Crossbuild.Cli.dll through the dotnet host) in a directory.</summary>
public static class CliRunner
{
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Crossbuild.Cli.dll");

    public static ProcessRunner.Result Run(string workingDirectory, params string[] args) =>
        ProcessRunner.Run("dotnet", workingDirectory, [CliDll, .. args]);
}
