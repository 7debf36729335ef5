using System.Text.Json;

namespace Crossbuild.Tests.Support;

/// <summary>
/// The oracle for fidelity tests: mirrors a module as one csproj per package (files, kind, name, imports from
/// <c>crossbuild list --json</c>; settings from crossbuild.json) and builds it with <c>dotnet build</c>.
/// </summary>
public static class DotnetBuildMirror
{
    /// <summary>Builds package <paramref name="exeDir"/> of the module at <paramref name="moduleDir"/>; returns the output folder.</summary>
    public static string Build(string moduleDir, string exeDir, string configuration, string mirrorRoot,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Run(moduleDir, exeDir, configuration, mirrorRoot, "build", [], environment).Output;

    /// <summary>Like <see cref="Build"/> with <c>dotnet publish -r rid</c> and <paramref name="extra"/> arguments; returns the publish folder.</summary>
    public static string Publish(string moduleDir, string exeDir, string configuration, string mirrorRoot, string rid, params string[] extra) =>
        Run(moduleDir, exeDir, configuration, mirrorRoot, "publish", ["-r", rid, .. extra], null).Output;

    /// <summary>Like <see cref="Publish"/>, also returning what <c>dotnet publish</c> printed (its warnings).</summary>
    public static (string Output, string Log) PublishLogged(string moduleDir, string exeDir, string configuration, string mirrorRoot, string rid, params string[] extra) =>
        Run(moduleDir, exeDir, configuration, mirrorRoot, "publish", ["-r", rid, .. extra], null);

    /// <summary>
    /// Like <see cref="Publish"/> where <c>dotnet publish</c> may fail (a link this host cannot make); returns the
    /// intermediate folder of <paramref name="rid"/> and what it printed.
    /// </summary>
    public static (string Intermediate, string Log) PublishMayFail(string moduleDir, string exeDir, string configuration, string mirrorRoot, string rid, params string[] extra)
    {
        var (_, log) = Run(moduleDir, exeDir, configuration, mirrorRoot, "publish", ["-r", rid, .. extra], null, mayFail: true);
        return (Path.Combine(mirrorRoot, exeDir, "obj", configuration, "net10.0", rid), log);
    }

    private static (string Output, string Log) Run(string moduleDir, string exeDir, string configuration, string mirrorRoot, string verb, string[] extra,
        IReadOnlyDictionary<string, string>? environment, bool mayFail = false)
    {
        var list = CliRunner.Run(moduleDir, "list", "--json", "-c", configuration, "./...");
        list.ExitCode.Should().Be(0, list.StdErr);
        using var json = JsonDocument.Parse(list.StdOut);
        var module = Settings(Path.Combine(moduleDir, "crossbuild.json"));
        var packages = json.RootElement.EnumerateArray().ToArray();
        foreach (var p in packages)
        {
            var dir = p.GetProperty("Dir").GetString()!;
            var name = p.GetProperty("Name").GetString()!;
            var target = Path.Combine(mirrorRoot, dir);
            Directory.CreateDirectory(target);
            foreach (var f in p.GetProperty("Files").EnumerateArray())
            {
                var rel = f.GetString()!;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, rel))!);
                File.Copy(Path.Combine(moduleDir, dir, rel), Path.Combine(target, rel));
            }
            var own = Settings(Path.Combine(moduleDir, dir, "crossbuild.json"));
            string? Get(string key) => own.GetValueOrDefault(key) ?? module.GetValueOrDefault(key);
            var refs = p.GetProperty("Imports").EnumerateArray()
                .Select(i => packages.First(q => q.GetProperty("Dir").GetString() == i.GetString()))
                .Select(q => Path.GetRelativePath(target, Path.Combine(mirrorRoot, q.GetProperty("Dir").GetString()!, q.GetProperty("Name").GetString() + ".csproj")));
            var friends = own.GetValueOrDefault("internalsVisibleTo")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
            var roots = own.GetValueOrDefault("trimmerRoots")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
            // The module's packages and the package's own, as PackageReferences (they flow to dependents as ours do).
            var packageRefs = Packages(Path.Combine(moduleDir, "crossbuild.json")).Concat(Packages(Path.Combine(moduleDir, dir, "crossbuild.json")))
                .Select(r => $"    <PackageReference Include=\"{r.Id}\" Version=\"{r.Version}\" />\n");
            File.WriteAllText(Path.Combine(target, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>{(p.GetProperty("Kind").GetString() == "exe" ? "Exe" : "Library")}</OutputType>
                    <TargetFramework>{Get("framework") ?? "net10.0"}</TargetFramework>
                    <AssemblyName>{name}</AssemblyName>
                    <RootNamespace>{name}</RootNamespace>
                    <Nullable>{Get("nullable") ?? "enable"}</Nullable>
                    <ImplicitUsings>{(Get("implicitUsings") == "false" ? "disable" : "enable")}</ImplicitUsings>
                    <AllowUnsafeBlocks>{Get("allowUnsafe") ?? "false"}</AllowUnsafeBlocks>
                  </PropertyGroup>
                  <ItemGroup>
                {string.Concat(refs.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"))}{string.Concat(packageRefs)}{string.Concat(friends.Select(f => $"    <InternalsVisibleTo Include=\"{f}\" />\n"))}{string.Concat(roots.Select(f => $"    <TrimmerRootAssembly Include=\"{f}\" />\n"))}  </ItemGroup>
                </Project>
                """);
        }
        var exe = packages.First(p => p.GetProperty("Dir").GetString() == exeDir);
        var exeProject = Path.Combine(mirrorRoot, exeDir, exe.GetProperty("Name").GetString() + ".csproj");
        var build = ProcessRunner.Run("dotnet", mirrorRoot, environment, [verb, exeProject, "-c", configuration, "-nologo", "-p:UseSharedCompilation=false", .. extra]);
        if (!mayFail) build.ExitCode.Should().Be(0, build.StdOut + build.StdErr);
        var output = Path.Combine(mirrorRoot, exeDir, "bin", configuration, "net10.0");
        return (verb == "publish" ? Path.Combine(output, extra[1], "publish") : output, build.StdOut + build.StdErr);
    }

    private static IEnumerable<(string Id, string Version)> Packages(string manifest)
    {
        if (!File.Exists(manifest)) return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(manifest),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.TryGetProperty("packages", out var packages)
            ? packages.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToArray()
            : [];
    }

    // A manifest's fields as strings; arrays joined by ','.
    private static Dictionary<string, string> Settings(string path)
    {
        if (!File.Exists(path)) return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Array => string.Join(',', p.Value.EnumerateArray().Select(e => e.GetString())),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => p.Value.ToString(),
        });
    }
}
