// Cross-compiles samples/hello for three runtimes with Crossbuild, and writes artifacts/hello.SHA256SUMS.
// Run it with `dotnet tool restore && dotnet cake` (after ./build.sh pack at the repository root).
#addin nuget:?package=Crossbuild.Cake&version=0.1.0

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var output = MakeAbsolute(Directory("artifacts/hello"));

// One description of the build, for the up-to-date check and for the build itself.
Func<CrossbuildSettings, CrossbuildSettings> hello = s => s
    .SetWorkingDirectory(MakeAbsolute(Directory("../hello")).FullPath)
    .SetPackages("./cmd/hello")
    .SetRuntimes("linux-x64", "win-x64", "osx-arm64")
    .SetConfiguration(configuration)
    .SetOutput(output.FullPath + "/");

Task("Compile")
    // Skipped when the sources, manifests, lock file and these settings are those of the last successful build.
    .WithCriteria(() => CrossbuildShouldRun(hello), "inputs unchanged")
    .Does(() =>
{
    var result = CrossbuildBuild(hello);
    var sums = result.Targets.SelectMany(t => t.Apps).OrderBy(a => a.Runtime, StringComparer.Ordinal).Select(app =>
        CalculateFileHash(app.AppHostPath, HashAlgorithm.SHA256).ToHex() + "  " +
        System.IO.Path.GetRelativePath(output.FullPath, app.AppHostPath).Replace('\\', '/'));
    // Beside the output folder, not in it: the up-to-date check holds while the folder is as the build left it.
    var file = MakeAbsolute(File("artifacts/hello.SHA256SUMS"));
    System.IO.File.WriteAllLines(file.FullPath, sums);
    Information("wrote {0}", file);
});

Task("Default").IsDependentOn("Compile");

RunTarget(target);
