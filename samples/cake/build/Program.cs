using System;
using Cake.Core;
using Cake.Frosting;
using Crossbuild;
using Crossbuild.Cake;

// A Cake Frosting build whose Compile task cross-compiles samples/hello with Crossbuild. Run it twice: the second
// run skips Compile, because its inputs (hashed by content) and settings already succeeded.
public static class Program
{
    public static int Main(string[] args) => new CakeHost().UseContext<BuildContext>().Run(args);
}

public sealed class BuildContext(ICakeContext context) : FrostingContext(context)
{
    /// <summary>--runtimes=linux-x64,win-x64 (three runtimes by default).</summary>
    public string[] Runtimes { get; } = (context.Arguments.HasArgument("runtimes")
        ? context.Arguments.GetArgument("runtimes")
        : "linux-x64,win-x64,osx-arm64").Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>--configuration=Release (Debug by default).</summary>
    public string Configuration { get; } = context.Arguments.HasArgument("configuration") ? context.Arguments.GetArgument("configuration") : "Debug";
}

[TaskName("Compile")]
public sealed class CompileTask : CrossbuildTask<BuildContext>
{
    protected override CrossbuildSettings Configure(BuildContext context, CrossbuildSettings settings) => settings
        .SetWorkingDirectory(System.IO.Path.Combine(settings.WorkingDirectory, "..", "hello"))
        .SetPackages("./...")
        .AddRuntimes(context.Runtimes)
        .SetConfiguration(context.Configuration)
        .SetOutputDirectory(System.IO.Path.Combine(settings.WorkingDirectory, "artifacts", "hello"));
}

[TaskName("Default")]
[IsDependentOn(typeof(CompileTask))]
public sealed class DefaultTask : FrostingTask;
