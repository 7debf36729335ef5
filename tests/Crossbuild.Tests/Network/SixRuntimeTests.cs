using System.Buffers.Binary;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Network;

/// <summary>
/// samples/hello for six runtimes in one run, with the real host packs from the configured NuGet sources.
/// Opt-in: <c>CROSSBUILD_NETWORK_TESTS=1 ./build.sh test</c>.
/// </summary>
public class SixRuntimeTests
{
    private static string Hello => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/hello"));

    [NetworkFact]
    public void EveryLauncherHasItsPlatformsFormatAndTheHostOneRuns()
    {
        using var tree = new TempTree();
        var build = CliRunner.Run(Hello, "build", "-r", "linux-x64,linux-arm64,linux-musl-x64,osx-x64,osx-arm64,win-x64",
            "--cache-dir", tree.Path("cache"), "-o", tree.Path("dist") + "/", "./cmd/hello");
        build.ExitCode.Should().Be(0, build.StdErr);

        Elf(tree.Path("dist/linux-x64/hello")).Should().Be(0x3E, "linux-x64 is ELF x86-64");
        Elf(tree.Path("dist/linux-musl-x64/hello")).Should().Be(0x3E, "linux-musl-x64 is ELF x86-64");
        Elf(tree.Path("dist/linux-arm64/hello")).Should().Be(0xB7, "linux-arm64 is ELF aarch64");
        MachO(tree.Path("dist/osx-x64/hello")).Should().Be(0x01000007, "osx-x64 is Mach-O x86_64");
        MachO(tree.Path("dist/osx-arm64/hello")).Should().Be(0x0100000C, "osx-arm64 is Mach-O arm64");
        var pe = File.ReadAllBytes(tree.Path("dist/win-x64/hello.exe"));
        var at = BinaryPrimitives.ReadInt32LittleEndian(pe.AsSpan(0x3C));
        pe[..2].Should().Equal((byte)'M', (byte)'Z');
        BinaryPrimitives.ReadUInt32LittleEndian(pe.AsSpan(at)).Should().Be(0x00004550u);
        BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(at + 4)).Should().Be(0x8664, "win-x64 is PE x64");
        BinaryPrimitives.ReadUInt16LittleEndian(pe.AsSpan(at + 24)).Should().Be(0x20B, "PE32+");

        // The Windows launcher is byte-identical to what the SDK's HostWriter makes from the same template.
        var template = Path.Combine(Crossbuild.Work.Compile.Packs.FindOrFetch("Microsoft.NETCore.App.Host.win-x64",
            Crossbuild.Targets.TargetFramework.Default, Hello), "runtimes", "win-x64", "native", "apphost.exe");
        var hostModel = System.Reflection.Assembly.LoadFrom(Path.Combine(Crossbuild.Env.DotnetEnvironment.Current.SdkDirectory!, "Microsoft.NET.HostModel.dll"));
        Directory.CreateDirectory(tree.Path("oracle"));
        hostModel.GetType("Microsoft.NET.HostModel.AppHost.HostWriter", true)!.GetMethod("CreateAppHost")!
            .Invoke(null, [template, tree.Path("oracle/hello.exe"), "hello.dll", false, null, false, false, null]);
        pe.Should().Equal(File.ReadAllBytes(tree.Path("oracle/hello.exe")));

        var run = ProcessRunner.Run(tree.Path("dist/linux-x64/hello"), tree.Root);
        run.StdOut.Should().Be("Hello, world!\nplatform: linux\n");
        var signature = File.ReadAllBytes(tree.Path("dist/osx-arm64/hello"));
        signature.AsSpan().IndexOf(new byte[] { 0xfa, 0xde, 0x0c, 0xc0 }).Should().BePositive("the osx-arm64 launcher carries an embedded signature");
    }

    private static ushort Elf(string path)
    {
        var b = File.ReadAllBytes(path);
        b[..4].Should().Equal(0x7F, (byte)'E', (byte)'L', (byte)'F');
        return BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x12));
    }

    private static uint MachO(string path)
    {
        var b = File.ReadAllBytes(path);
        BinaryPrimitives.ReadUInt32LittleEndian(b).Should().Be(0xfeedfacfu);
        return BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4));
    }
}
