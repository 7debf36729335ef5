using System.CommandLine;
using System.Diagnostics;
using Crossbuild.Diagnostics;
using Crossbuild.Env;

namespace Crossbuild.Cli.Commands;

/// <summary>
/// <c>crossbuild run [package] [-- args]</c>: builds one executable into a temporary directory and runs it,
/// passing its exit code through, as <c>go run</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("run", "Build and run an executable package; arguments after -- go to the program");
        var package = new Argument<string?>("package") { Arity = ArgumentArity.ZeroOrOne, Description = "The package (default: .)" };
        var options = new BuildOptions();
        command.Arguments.Add(package);
        options.AddTo(command);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var cwd = CommonOptions.WorkingDirectory(result, ctx);
            var temp = Directory.CreateTempSubdirectory("crossbuild-run-");
            try
            {
                var settings = options.Settings(result, cwd, [result.GetValue(package) ?? "."])
                    .SetOutput(temp.FullName + Path.DirectorySeparatorChar);
                if (result.GetValue(options.DryRun))
                    return BuildCommand.PrintPlan(ctx, settings, Load.TargetNeeds.One, "run");
                var reporter = new ConsoleReporter(ctx.Err, cwd, result.GetValue(options.Verbose), result.GetValue(options.Trace));
                var build = Builder.Build(settings, reporter, Load.TargetNeeds.One, "run");
                if (!build.Succeeded) return reporter.Finish(build);
                var pattern = result.GetValue(package) ?? ".";
                if (build.Apps.Count == 0)
                    throw new CrossbuildException($"run: {pattern} is not an executable package");
                if (build.Apps.Count > 1)
                    throw new CrossbuildException($"run: {pattern} matches {build.Apps.Count} executables; name one");
                return Execute(build.Apps[0].AssemblyPath, ctx.ProgramArguments, cwd);
            }
            finally
            {
                try { temp.Delete(recursive: true); } catch (IOException) { }
            }
        }));
        return command;
    }

    // Runs through the dotnet muxer that hosts this SDK, so DOTNET_ROOT need not be set for the launcher.
    private static int Execute(string assembly, IReadOnlyList<string> args, string cwd)
    {
        var root = DotnetEnvironment.Current.DotnetRoot ?? throw new CrossbuildException("run: no .NET installation found");
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        var psi = new ProcessStartInfo(muxer) { WorkingDirectory = cwd, UseShellExecute = false };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(assembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new CrossbuildException($"run: cannot start {muxer}");
        process.WaitForExit();
        return process.ExitCode;
    }
}
