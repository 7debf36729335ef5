using Crossbuild.Tests.Support;
using Crossbuild.Work.Native;

namespace Crossbuild.Tests.Build;

/// <summary>
/// <c>--aot</c> for Windows, checked on a Linux host up to the link: ilc cross-compiles for win-x64 here as it does
/// under <c>dotnet publish -p:PublishAot=true -p:DisableUnsupportedError=true</c>, which writes its ilc and link.exe
/// response files before the link it cannot run. Ours must be the same, and ilc must make the same object.
/// </summary>
[Collection(nameof(AotWindowsTests))] // NativeToolchain.Substitute is process-wide
public class AotWindowsTests
{
    /// <summary>Stands in for link.exe: keeps what ilc made and the response file link.exe would get.</summary>
    private sealed record KeepingToolchain(string Keep) : NativeToolchain
    {
        public override string Identity => "keeping " + Keep;

        public override IReadOnlyList<string> Link(NativeLinkInputs inputs, string what, CancellationToken cancel)
        {
            Directory.CreateDirectory(Keep);
            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(inputs.ObjectFile)!))
                File.Copy(f, Path.Combine(Keep, Path.GetFileName(f)), overwrite: true);
            File.WriteAllLines(Path.Combine(Keep, "link.rsp"), MsvcToolchain.ResponseFile(inputs, []));
            File.WriteAllBytes(inputs.Output, "MZ"u8.ToArray());
            File.WriteAllBytes(Path.ChangeExtension(inputs.Output, ".pdb"), [1, 2, 3]);
            return [Path.GetFileNameWithoutExtension(inputs.Output) + ".pdb"];
        }
    }

    // A response-file line with its paths reduced to file names (theirs are relative, ours absolute).
    private static string Normalize(string line)
    {
        line = line.TrimStart('\uFEFF');
        var quoted = System.Text.RegularExpressions.Regex.Replace(line, "\"([^\"]*[/\\\\][^\"]*)\"", m => "\"" + Path.GetFileName(m.Groups[1].Value) + "\"");
        if (quoted != line) return quoted;
        var colon = line.IndexOf(':');
        if (line.StartsWith('-') && colon > 0 && line.IndexOf('/', colon) > 0) return line[..(colon + 1)] + Path.GetFileName(line[(colon + 1)..]);
        return line.Contains('/') ? Path.GetFileName(line) : line;
    }

    private static string[] Lines(string file) => File.ReadAllLines(file).Select(Normalize).ToArray();

    // The NoWarn codes the project passes, as a set (the SDK's project lists some twice); its WarningsAsErrors names
    // NuGet and obsolete-API codes, which ilc never reports.
    private static string[] Comparable(string[] lines) =>
        lines.Where(l => !l.StartsWith("--warnaserr:", StringComparison.Ordinal) && !l.StartsWith("-r:", StringComparison.Ordinal))
            .Select(l => l.StartsWith("--nowarn:", StringComparison.Ordinal)
                ? "--nowarn:" + string.Join(';', l[9..].Trim('"').Split(';').Distinct().Order(StringComparer.Ordinal))
                : l)
            .ToArray();

    [LinuxX64Fact]
    public void IlcAndTheLinkResponseFileForWindowsAreWhatDotnetPublishWrites()
    {
        using var tree = new TempTree().Module("Acme");
        tree.File("lib/core/core.cs", "namespace Acme.Core; public static class Core { public static string Name() => \"core\"; }");
        tree.File("cmd/app/main.cs", "using Acme.Core;\nConsole.WriteLine(Core.Name() + \" \" + string.Join(\",\", args));\nreturn args.Length;\n");
        var keep = tree.Path("kept");
        NativeToolchain.Substitute = rid => rid.Value == "win-x64" ? new KeepingToolchain(keep) : null;
        try
        {
            var result = CrossbuildTasks.Build(s => s.SetWorkingDirectory(tree.Root).SetPackages("./cmd/app").SetConfiguration("Release")
                .SetCacheDirectory(tree.Path("cache")).SetOutputDirectory(tree.Path("out")).AddRuntimes("win-x64").SetAot());
            result.Succeeded.Should().BeTrue();
        }
        finally
        {
            NativeToolchain.Substitute = null;
        }
        var files = Directory.GetFiles(tree.Path("out"), "*", SearchOption.AllDirectories).Select(Path.GetFileName);
        files.Should().BeEquivalentTo("app.exe", "app.pdb");

        using var mirror = new TempTree();
        var (obj, log) = DotnetBuildMirror.PublishMayFail(tree.Root, "cmd/app", "Release", mirror.Root, "win-x64", "-p:PublishAot=true", "-p:DisableUnsupportedError=true");
        var sdk = Path.Combine(obj, "native");
        File.Exists(Path.Combine(sdk, "link.rsp")).Should().BeTrue("dotnet publish gets as far as the link:\n" + log);

        var ours = Lines(Path.Combine(keep, "app.ilc.rsp"));
        var theirs = Lines(Path.Combine(sdk, "app.ilc.rsp"));
        Comparable(ours).Should().Equal(Comparable(theirs));
        ours.Where(l => l.StartsWith("-r:", StringComparison.Ordinal)).Should().BeEquivalentTo(theirs.Where(l => l.StartsWith("-r:", StringComparison.Ordinal)));
        ours.Should().Contain("--feature:System.Threading.ThreadPool.UseWindowsThreadPool=true").And.NotContain(l => l.Contains("UseManagedNtlm", StringComparison.Ordinal));

        Lines(Path.Combine(keep, "link.rsp")).Should().Equal(Lines(Path.Combine(sdk, "link.rsp")));
        File.ReadAllText(Path.Combine(keep, "app.def")).Should().Be(File.ReadAllText(Path.Combine(sdk, "app.def")));

        // The same COFF object for x64 (the machine field), within 2% of the SDK's size: the app's IL is not byte-identical.
        var mine = File.ReadAllBytes(Path.Combine(keep, "app.obj"));
        var sdkObj = File.ReadAllBytes(Path.Combine(sdk, "app.obj"));
        mine.Take(2).Should().Equal(sdkObj.Take(2)).And.Equal(new byte[] { 0x64, 0x86 });
        (Math.Abs(mine.Length - sdkObj.Length) / (double)sdkObj.Length).Should().BeLessThan(0.02, $"{mine.Length} bytes against the SDK's {sdkObj.Length}");
        File.Exists(Path.Combine(keep, "app.sourcelink")).Should().BeTrue("ilc writes the Source Link file link.exe puts in the PDB");
    }
}
