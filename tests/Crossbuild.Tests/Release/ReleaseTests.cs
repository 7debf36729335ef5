using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Crossbuild.Tests.Support;
using NuGet.Packaging;

namespace Crossbuild.Tests.Release;

/// <summary>
/// <c>crossbuild release</c> through the CLI on git checkouts of samples/diamond. Second runtimes' launchers come
/// from stand-in host packs in a local feed (no network).
/// </summary>
public class ReleaseTests
{
    private static string Diamond => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/diamond"));

    private static readonly Dictionary<string, string> FixedDates = new()
    {
        ["GIT_AUTHOR_DATE"] = "2026-01-02T03:04:05Z",
        ["GIT_COMMITTER_DATE"] = "2026-01-02T03:04:05Z",
        ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@t", ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@t",
    };

    // A git checkout of samples/diamond with a LICENSE and a release section, committed at a fixed time.
    private static string Checkout(TempTree tree, string name, string? tag = "v1.2.3")
    {
        var dir = tree.CopyFrom(Diamond, name);
        File.WriteAllText(Path.Combine(dir, "LICENSE"), "MIT\n");
        File.WriteAllText(Path.Combine(dir, "README.md"), "# Diamond\n");
        var manifest = File.ReadAllText(Path.Combine(dir, "crossbuild.json")).TrimEnd().TrimEnd('}');
        File.WriteAllText(Path.Combine(dir, "crossbuild.json"), manifest.TrimEnd().TrimEnd(',') +
            ",\n  \"release\": { \"description\": \"The diamond sample\", \"authors\": [\"Crossbuild\"], \"license\": \"MIT\", \"readme\": \"README.md\", \"projectUrl\": \"https://example.com/diamond\", \"files\": [\"LICENSE\"] }\n}\n");
        Git(dir, "init", "-q");
        Git(dir, "add", "-A");
        Git(dir, "commit", "-qm", "release");
        if (tag is not null) Git(dir, "tag", tag);
        return dir;
    }

    private static void Git(string dir, params string[] args) =>
        ProcessRunner.Run("git", dir, FixedDates, args).ExitCode.Should().Be(0);

    private static ProcessRunner.Result Release(string dir, params string[] args)
    {
        // A checkout is tree/<name>; the tree root holds the feed, the global packages folder and the cache.
        var root = Path.GetDirectoryName(dir)!;
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "global"), ["CROSSBUILD_CACHE"] = Path.Combine(root, ".cache") };
        return CliRunner.Run(dir, env, ["release", .. args]);
    }

    private static TempTree Tree()
    {
        var tree = new TempTree();
        LocalFeed.AddTo(tree);
        LocalFeed.PackWinHostStandIn(tree);
        return tree;
    }

    [Fact]
    public void AReleaseHasArchivesPerRuntimePackagesChecksumsAndAnIndex()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a");
        var release = Release(dir, "-r", "linux-x64", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        var dist = Path.Combine(dir, "dist");
        Directory.GetFiles(dist).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(
            "Diamond.lib.core.1.2.3.nupkg", "Diamond.lib.core.1.2.3.snupkg", "Diamond.lib.left.1.2.3.nupkg", "Diamond.lib.left.1.2.3.snupkg",
            "Diamond.lib.right.1.2.3.nupkg", "Diamond.lib.right.1.2.3.snupkg", "SHA256SUMS", "app_1.2.3_linux-x64.tar.gz", "release.json");

        // The archive: sorted entries, the commit time, owner 0, fixed modes, the launcher executable.
        using (var tar = new TarReader(new GZipStream(File.OpenRead(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz")), CompressionMode.Decompress)))
        {
            var entries = new List<TarEntry>();
            while (tar.GetNextEntry() is { } e) entries.Add(e);
            entries.Select(e => e.Name).Should().BeInAscendingOrder(StringComparer.Ordinal).And.Contain("app").And.Contain("LICENSE").And.Contain("app.deps.json");
            entries.Should().OnlyContain(e => e.Uid == 0 && e.Gid == 0 && e.ModificationTime == new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
            entries.Single(e => e.Name == "app").Mode.Should().Be((UnixFileMode)Convert.ToInt32("755", 8));
            entries.Single(e => e.Name == "app.dll").Mode.Should().Be((UnixFileMode)Convert.ToInt32("644", 8));
        }

        // sha256sum -c accepts the checksum file.
        var check = ProcessRunner.Run("sha256sum", dist, "-c", "SHA256SUMS");
        check.ExitCode.Should().Be(0, check.StdErr);
        check.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(7).And.OnlyContain(l => l.EndsWith(": OK"));

        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dist, "release.json")));
        index.RootElement.GetProperty("version").GetString().Should().Be("1.2.3");
        index.RootElement.GetProperty("time").GetString().Should().Be("2026-01-02T03:04:05Z");
        var archive = index.RootElement.GetProperty("artifacts").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "archive");
        archive.GetProperty("rid").GetString().Should().Be("linux-x64");
        archive.GetProperty("size").GetInt64().Should().Be(new FileInfo(Path.Combine(dist, "app_1.2.3_linux-x64.tar.gz")).Length);

        // The nupkg: metadata from the release section, the library, and dependencies on the libraries it imports.
        using var nupkg = new PackageArchiveReader(Path.Combine(dist, "Diamond.lib.left.1.2.3.nupkg"));
        var nuspec = nupkg.NuspecReader;
        nuspec.GetId().Should().Be("Diamond.lib.left");
        nuspec.GetVersion().ToNormalizedString().Should().Be("1.2.3");
        nuspec.GetDescription().Should().Be("The diamond sample");
        nuspec.GetLicenseMetadata()!.License.Should().Be("MIT");
        nupkg.GetFiles().Should().Contain("lib/net10.0/Diamond.lib.left.dll").And.Contain("README.md");
        nuspec.GetReadme().Should().Be("README.md");
        nuspec.GetProjectUrl().Should().Be("https://example.com/diamond");
        nuspec.GetAuthors().Should().Be("Crossbuild");
        nuspec.GetDependencyGroups().Single().Packages.Select(p => $"{p.Id} {p.VersionRange}").Should().Equal("Diamond.lib.core [1.2.3, )");
        using var snupkg = new PackageArchiveReader(Path.Combine(dist, "Diamond.lib.left.1.2.3.snupkg"));
        snupkg.GetFiles().Should().Contain("lib/net10.0/Diamond.lib.left.pdb");
    }

    [Fact]
    public void AProjectRestoresTheReleasedPackagesFromAFolderFeedAndUsesThem()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a");
        Release(dir, "-r", "linux-x64", "-o", "dist/").ExitCode.Should().Be(0);
        tree.File("consumer/consumer.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="Diamond.lib.left" Version="1.2.3" /></ItemGroup>
            </Project>
            """);
        tree.File("consumer/Program.cs", "System.Console.WriteLine(Diamond.Left.LeftSide.Say());");
        tree.File("consumer/nuget.config", $"""
            <configuration><packageSources><clear /><add key="release" value="{Path.Combine(dir, "dist")}" /></packageSources></configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("consumer-global") };
        var run = ProcessRunner.Run("dotnet", tree.Path("consumer"), env, "run", "-nologo");
        run.ExitCode.Should().Be(0, run.StdOut + run.StdErr);
        run.StdOut.Trim().Should().Be("left <core>", "Diamond.lib.left and, through its dependency, Diamond.lib.core were restored from the release");
    }

    [Fact]
    public void ToolPackagesInstallWithDotnetToolAndRunTheMachinesRuntime()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a");
        var release = Release(dir, "--tool", "-r", $"{Crossbuild.Targets.RidCatalog.Host},win-x64", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        var dist = Path.Combine(dir, "dist");
        using (var pointer = new PackageArchiveReader(Path.Combine(dist, "app.1.2.3.nupkg")))
        {
            pointer.GetPackageTypes().Select(t => t.Name).Should().Equal("DotnetTool");
            var settings = new StreamReader(pointer.GetStream("tools/any/any/DotnetToolSettings.xml")).ReadToEnd();
            settings.Should().Contain($"<RuntimeIdentifierPackage RuntimeIdentifier=\"{Crossbuild.Targets.RidCatalog.Host}\" Id=\"app.{Crossbuild.Targets.RidCatalog.Host}\" />")
                .And.Contain("<RuntimeIdentifierPackage RuntimeIdentifier=\"win-x64\" Id=\"app.win-x64\" />");
        }
        using (var win = new PackageArchiveReader(Path.Combine(dist, "app.win-x64.1.2.3.nupkg")))
        {
            win.GetPackageTypes().Select(t => t.Name).Should().Equal("DotnetToolRidPackage");
            win.GetFiles().Should().Contain("tools/net10.0/win-x64/app.exe");
            new StreamReader(win.GetStream("tools/net10.0/win-x64/DotnetToolSettings.xml")).ReadToEnd()
                .Should().Contain("<Command Name=\"app\" EntryPoint=\"app.exe\" Runner=\"executable\" />");
        }

        // The SDK's own tool installer takes it from the release folder and picks this machine's runtime.
        tree.File("tool/nuget.config", $"<configuration><packageSources><clear /><add key=\"release\" value=\"{dist}\" /></packageSources></configuration>");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = tree.Path("tool/global") };
        var install = ProcessRunner.Run("dotnet", tree.Path("tool"), env, "tool", "install", "app", "--version", "1.2.3",
            "--tool-path", tree.Path("tool/bin"), "--configfile", tree.Path("tool/nuget.config"));
        install.ExitCode.Should().Be(0, install.StdOut + install.StdErr);
        var run = ProcessRunner.Run(tree.Path("tool/bin/app"), tree.Root, "x");
        run.StdOut.Should().Be("left <core>\nright <core>\nargs: x\n");
        run.ExitCode.Should().Be(1);
    }

    [Fact]
    public void TwoCleanCheckoutsReleaseByteIdenticalArtifacts()
    {
        using var tree = Tree();
        var hashes = new[] { "one", "two" }.Select(name =>
        {
            var dir = Checkout(tree, name);
            var release = Release(dir, "-r", "linux-x64,win-x64", "-o", "dist/");
            release.ExitCode.Should().Be(0, release.StdErr);
            return File.ReadAllText(Path.Combine(dir, "dist", "SHA256SUMS"));
        }).ToArray();
        hashes[0].Should().Contain("app_1.2.3_win-x64.zip").And.Contain("app_1.2.3_linux-x64.tar.gz");
        hashes[1].Should().Be(hashes[0]);
    }

    [Fact]
    public void WithoutATagTheVersionIsAPseudoVersionAndUncommittedChangesAreMarked()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a", tag: null);
        var commit = ProcessRunner.Run("git", dir, "rev-parse", "HEAD").StdOut.Trim();
        Release(dir, "-r", "linux-x64", "-o", "dist/").ExitCode.Should().Be(0);
        File.Exists(Path.Combine(dir, "dist", $"app_0.0.0-{commit[..12]}_linux-x64.tar.gz")).Should().BeTrue();

        File.AppendAllText(Path.Combine(dir, "lib/core/core.cs"), "\n// edited\n");
        var dirty = Release(dir, "-r", "linux-x64", "-o", "dist2/");
        dirty.ExitCode.Should().Be(0, dirty.StdErr);
        dirty.StdErr.Should().Contain($"crossbuild: warning: release: the checkout has uncommitted changes; releasing them as 0.0.0-{commit[..12]}-dirty");
        File.Exists(Path.Combine(dir, "dist2", $"app_0.0.0-{commit[..12]}-dirty_linux-x64.tar.gz")).Should().BeTrue();

        Release(dir, "-r", "linux-x64", "--version", "2.0.0-rc.1", "-o", "dist3/").ExitCode.Should().Be(0);
        File.Exists(Path.Combine(dir, "dist3", "app_2.0.0-rc.1_linux-x64.tar.gz")).Should().BeTrue();
    }

    [Fact]
    public void OutsideGitTheVersionMustBeGivenAndArchivesDateFrom1980()
    {
        using var tree = Tree();
        var dir = tree.CopyFrom(Diamond, "plain");
        var unversioned = Release(dir, "-r", "win-x64", "-o", "dist/");
        unversioned.ExitCode.Should().Be(1);
        unversioned.StdErr.Trim().Should().Be("crossbuild: release: no version: pass --version, or release from a git checkout (a v1.2.3 tag on HEAD, or a commit)");
        Directory.Exists(Path.Combine(dir, "dist")).Should().BeFalse();

        var release = Release(dir, "-r", "win-x64", "--version", "1.0.0", "-o", "dist/");
        release.ExitCode.Should().Be(0, release.StdErr);
        using var zip = ZipFile.OpenRead(Path.Combine(dir, "dist", "app_1.0.0_win-x64.zip"));
        zip.Entries.Select(e => e.FullName).Should().BeInAscendingOrder(StringComparer.Ordinal).And.Contain("app.exe");
        zip.Entries.Should().OnlyContain(e => e.LastWriteTime.Year == 1980);
        ((zip.Entries.Single(e => e.FullName == "app.exe").ExternalAttributes >> 16) & 0x1FF).Should().Be(Convert.ToInt32("755", 8));
        Directory.GetFiles(Path.Combine(dir, "dist"), "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void ANonEmptyFolderIsRefusedUnlessCleanAndTwoArtifactsMayNotShareAName()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a");
        Directory.CreateDirectory(Path.Combine(dir, "dist"));
        File.WriteAllText(Path.Combine(dir, "dist", "old.txt"), "x");
        var refused = Release(dir, "-r", "linux-x64", "-o", "dist/");
        refused.ExitCode.Should().Be(1);
        refused.StdErr.Trim().Should().Be($"crossbuild: release: {Path.Combine(dir, "dist")} is not empty; pass --clean to replace its contents");
        Release(dir, "-r", "linux-x64", "-o", "dist/", "--clean").ExitCode.Should().Be(0);
        File.Exists(Path.Combine(dir, "dist", "old.txt")).Should().BeFalse();

        File.WriteAllText(Path.Combine(dir, "crossbuild.json"), File.ReadAllText(Path.Combine(dir, "crossbuild.json"))
            .Replace("\"release\": {", "\"matrix\": { \"runtimes\": [\"linux-x64\"], \"configurations\": [\"Debug\", \"Release\"] },\n  \"release\": {"));
        var clash = Release(dir, "--matrix", "-o", "dist4/");
        clash.ExitCode.Should().Be(1);
        clash.StdErr.Trim().Should().StartWith("crossbuild: release: two artifacts named app_1.2.3_linux-x64.tar.gz:");
    }

    [Fact]
    public void MatrixLegsMergeIntoOneChecksummedRelease()
    {
        using var tree = Tree();
        var dir = Checkout(tree, "a");
        Release(dir, "-r", "linux-x64", "-o", "leg-linux/").ExitCode.Should().Be(0);
        Release(dir, "-r", "win-x64", "-o", "leg-win/").ExitCode.Should().Be(0);
        var merged = Release(dir, "--merge", "leg-linux", "leg-win", "-o", "dist/");
        merged.ExitCode.Should().Be(0, merged.StdErr);
        var sums = File.ReadAllLines(Path.Combine(dir, "dist", "SHA256SUMS"));
        sums.Should().Contain(l => l.EndsWith("  app_1.2.3_linux-x64.tar.gz")).And.Contain(l => l.EndsWith("  app_1.2.3_win-x64.zip"));
        sums.Where(l => l.EndsWith(".nupkg")).Should().HaveCount(3, "both legs carry the same library packages, kept once");
        ProcessRunner.Run("sha256sum", Path.Combine(dir, "dist"), "-c", "SHA256SUMS").ExitCode.Should().Be(0);

        File.AppendAllText(Path.Combine(dir, "leg-win", "app_1.2.3_win-x64.zip"), "tampered");
        var tampered = Release(dir, "--merge", "leg-linux", "leg-win", "-o", "dist2/");
        tampered.ExitCode.Should().Be(1);
        tampered.StdErr.Trim().Should().Be($"crossbuild: release --merge: {Path.Combine(dir, "leg-win", "app_1.2.3_win-x64.zip")} does not match its release.json (missing or changed)");
    }
}
