using NuGet.Packaging;
using NuGet.Versioning;

namespace Crossbuild.Tests.Support;

/// <summary>
/// A NuGet folder feed inside a test tree, with a nuget.config that lists only it (so neither the user's nor the
/// machine's sources are reached) and a private global packages folder and build cache for the CLI.
/// </summary>
public static class LocalFeed
{
    /// <summary>Adds the feed and nuget.config to <paramref name="tree"/>; returns the CLI's environment.</summary>
    public static Dictionary<string, string> AddTo(TempTree tree)
    {
        Directory.CreateDirectory(tree.Path("feed"));
        tree.File("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{tree.Path("feed")}" />
              </packageSources>
            </configuration>
            """);
        return new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("global"), ["CROSSBUILD_CACHE"] = tree.Path(".cache") };
    }

    /// <summary>
    /// A stand-in host pack for linux-musl-x64 (the SDK has only its own RID's): the real linux-x64 launcher template
    /// under the musl RID's path and the SDK's version, so builds for a second RID need no network.
    /// </summary>
    public static void PackMuslHost(TempTree tree) => PackHostStandIn(tree, "linux-musl-x64", "apphost");

    /// <summary>
    /// A stand-in win-x64 host pack: the linux-x64 template as <c>apphost.exe</c> (an ELF with a .exe name, which is
    /// enough where only the patching, naming and packaging of launchers is under test).
    /// </summary>
    public static void PackWinHostStandIn(TempTree tree) => PackHostStandIn(tree, "win-x64", "apphost.exe");

    private static void PackHostStandIn(TempTree tree, string rid, string fileName)
    {
        var framework = Crossbuild.Targets.TargetFramework.Default;
        var version = Crossbuild.Work.Compile.Packs.VersionOf(Crossbuild.Work.Compile.Packs.Find(Crossbuild.Work.Compile.Packs.ReferencePackName, framework));
        var template = System.IO.Path.Combine(Crossbuild.Work.Compile.Packs.Find("Microsoft.NETCore.App.Host.linux-x64", framework),
            "runtimes", "linux-x64", "native", "apphost");
        Pack(tree, $"Microsoft.NETCore.App.Host.{rid}", version, [(template, $"runtimes/{rid}/native/{fileName}")]);
    }

    /// <summary>Builds package <paramref name="id"/> <paramref name="version"/> from files into the feed.</summary>
    public static void Pack(TempTree tree, string id, string version, IEnumerable<(string Source, string Target)> files)
    {
        var builder = new PackageBuilder { Id = id, Version = NuGetVersion.Parse(version), Description = "test stand-in" };
        builder.Authors.Add("tests");
        foreach (var (source, target) in files)
            builder.Files.Add(new PhysicalPackageFile { SourcePath = source, TargetPath = target });
        using var stream = File.Create(tree.Path($"feed/{id}.{version}.nupkg"));
        builder.Save(stream);
    }
}
