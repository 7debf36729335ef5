using Crossbuild.Common;
using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>The launcher patch, atomic writes and the output layout's checks.</summary>
public class OutputTests
{
    private static byte[] Template() =>
        [.. Encoding.ASCII.GetBytes("ELF-HEADER"), .. AppHost.AppPathPlaceholder, .. new byte[960], .. Encoding.ASCII.GetBytes("TAIL")];

    [Fact]
    public void TheAppPathReplacesThePlaceholderZeroPadded()
    {
        var host = AppHost.Create(Template(), "hello.dll", "t");
        host.Length.Should().Be(Template().Length);
        Encoding.ASCII.GetString(host, 10, 9).Should().Be("hello.dll");
        host.Skip(19).Take(64 - 9).Should().OnlyContain(b => b == 0);
        Encoding.ASCII.GetString(host, host.Length - 4, 4).Should().Be("TAIL");
    }

    [Fact]
    public void ABadTemplateOrATooLongPathIsAnError()
    {
        var act = () => AppHost.Create(new byte[100], "a.dll", "packs/x/apphost");
        act.Should().Throw<CrossbuildException>().WithMessage("packs/x/apphost: not an app host template*");
        var tooLong = () => AppHost.Create(Template(), new string('a', 1025), "t");
        tooLong.Should().Throw<CrossbuildException>().WithMessage("*1024-byte limit");
    }

    [Fact]
    public void AWindowsGuiLauncherHasTheGuiSubsystem()
    {
        var pe = new byte[0x200];
        pe[0] = (byte)'M';
        pe[1] = (byte)'Z';
        BitConverter.TryWriteBytes(pe.AsSpan(0x3C), 0x80);
        "PE\0\0"u8.CopyTo(pe.AsSpan(0x80));
        BitConverter.TryWriteBytes(pe.AsSpan(0x80 + 24), (ushort)0x20B);
        BitConverter.TryWriteBytes(pe.AsSpan(0x80 + 24 + 68), (ushort)3);
        AppHost.SetWindowsGui(pe, "t");
        BitConverter.ToUInt16(pe, 0x80 + 24 + 68).Should().Be(2);
        var again = () => AppHost.SetWindowsGui(pe, "t");
        again.Should().Throw<CrossbuildException>().WithMessage("t: the launcher template is not a console app");
        var elf = () => AppHost.SetWindowsGui(Template(), "t");
        elf.Should().Throw<CrossbuildException>().WithMessage("t: not a PE file*");
    }

    [Fact]
    public void AtomicWritesLeaveIdenticalFilesAloneAndReplaceChangedOnes()
    {
        using var tree = new TempTree();
        var path = tree.Path("out/a.bin");
        AtomicFile.Write(path, [1, 2, 3]).Should().BeTrue();
        var stamp = File.GetLastWriteTimeUtc(path);
        AtomicFile.Write(path, [1, 2, 3]).Should().BeFalse();
        File.GetLastWriteTimeUtc(path).Should().Be(stamp);
        AtomicFile.Write(path, [4]).Should().BeTrue();
        File.ReadAllBytes(path).Should().Equal(4);
        Directory.GetFiles(tree.Path("out")).Should().ContainSingle();
    }

    [Fact]
    public void TwoPackagesWritingDifferentFilesToOnePathAreRejectedBeforeWriting()
    {
        using var tree = new TempTree();
        var a = Exe("cmd/a", "tool");
        var b = Exe("tools/b", "tool.dll");
        var act = () => OutputLayout.Check([new AppDestination(a, tree.Root, "tool"), new AppDestination(b, tree.Root, "tool.dll")],
            _ => [], tree.Root);
        act.Should().Throw<CrossbuildException>().WithMessage("build output \"tool.dll\" would be written twice, by cmd/a and tools/b");
    }

    [Fact]
    public void RuntimeConfigTurnsHotReloadOffInRelease()
    {
        var debug = Encoding.UTF8.GetString(RuntimeFiles.RuntimeConfig(Target("Debug"), []));
        var release = Encoding.UTF8.GetString(RuntimeFiles.RuntimeConfig(Target("Release"), []));
        debug.Should().NotContain("MetadataUpdater");
        release.Should().Contain("\"System.Reflection.Metadata.MetadataUpdater.IsSupported\": false");
    }

    private static Crossbuild.Targets.Target Target(string configuration) =>
        new(Crossbuild.Targets.TargetFramework.Default, Crossbuild.Targets.RidCatalog.Resolve("linux-x64"), configuration);

    private static Package Exe(string dir, string name) => new()
    {
        Dir = dir, FullDir = "/m/" + dir, Name = name, Kind = PackageKind.Exe, Files = ["main.cs"], Hashes = [""],
        IgnoredFiles = [], Imports = [], Manifest = PackageManifest.Implicit(CompileSettings.Default),
        DeclaredNamespaces = [], SymbolsRead = [],
    };
}
