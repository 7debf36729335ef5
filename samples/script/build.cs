#!/usr/bin/env dotnet
#:project ../../src/Crossbuild/Crossbuild.csproj

// A build script with no build framework: a .NET 10 file-based app that calls Crossbuild's API directly.
//   dotnet run build.cs                                   # samples/hello for this machine
//   dotnet run build.cs -- linux-x64 win-x64 osx-arm64    # cross-compiled, one folder per runtime
using Crossbuild;
using Microsoft.Extensions.Logging;

var here = Path.GetDirectoryName(AppContext.GetData("EntryPointFilePath") as string ?? Path.Combine(Environment.CurrentDirectory, "build.cs"))!;
CrossbuildTasks.Logger = new ConsoleLogger();

var result = CrossbuildTasks.Build(s => s
    .SetWorkingDirectory(Path.Combine(here, "..", "hello"))
    .SetPackages("./...")
    .AddRuntimes(args)
    .SetConfiguration("Release")
    .AddValues("cmd/hello:channel=script")
    .SetOutputDirectory(Path.Combine(here, "artifacts")));

foreach (var target in result.Targets)
{
    Console.WriteLine($"{target.Target}: {target.Packages.Count(p => p.CacheHit)}/{target.Packages.Count} packages from the cache");
    foreach (var app in target.Apps)
        Console.WriteLine($"  {app.Runtime}: {Path.GetRelativePath(here, app.AppHostPath)} ({app.Files.Count} files)");
}

/// <summary>Crossbuild's log on the console: warnings and errors, and each compile.</summary>
sealed class ConsoleLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.Error.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}
