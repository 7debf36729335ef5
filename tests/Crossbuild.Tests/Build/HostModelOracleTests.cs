using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using Crossbuild.Env;
using Crossbuild.Outputs;
using Crossbuild.Targets;
using Crossbuild.Tests.Support;
using Crossbuild.Work.Compile;

namespace Crossbuild.Tests.Build;

/// <summary>
/// The launcher writer checked against the SDK's own Microsoft.NET.HostModel.dll (loaded from the installed SDK as
/// an oracle, never shipped): identical bytes for the linux-x64 template, and for Mach-O signing on a synthetic
/// 64-bit Mach-O file, both when it has no signature yet and when an existing one is replaced.
/// </summary>
public class HostModelOracleTests
{
    private static readonly Assembly HostModel = Assembly.LoadFrom(
        Path.Combine(DotnetEnvironment.Current.SdkDirectory!, "Microsoft.NET.HostModel.dll"));

    private static void CreateAppHost(string template, string destination, string appPath, bool sign)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        HostModel.GetType("Microsoft.NET.HostModel.AppHost.HostWriter", true)!.GetMethod("CreateAppHost")!
            .Invoke(null, [template, destination, appPath, false, null, sign, false, null]);
    }

    [Fact]
    public void TheLinuxLauncherIsByteIdenticalToHostWriters()
    {
        using var tree = new TempTree();
        var template = Path.Combine(Packs.Find("Microsoft.NETCore.App.Host.linux-x64", TargetFramework.Default),
            "runtimes", "linux-x64", "native", "apphost");
        CreateAppHost(template, tree.Path("oracle/hello"), "hello.dll", sign: false);
        AppHost.Create(File.ReadAllBytes(template), "hello.dll", "t").Should().Equal(File.ReadAllBytes(tree.Path("oracle/hello")));
    }

    [Theory]
    [InlineData("MyApp")]
    [InlineData("Héllo App.x")]
    public void MachOSigningIsByteIdenticalToHostWriters(string name)
    {
        using var tree = new TempTree();
        tree.Bytes("template", SyntheticMachO());
        CreateAppHost(tree.Path("template"), tree.Path("oracle/" + name), name + ".dll", sign: true);
        var ours = MachOSigner.Sign(AppHost.Create(File.ReadAllBytes(tree.Path("template")), name + ".dll", "t"), name, "t");
        ours.Should().Equal(File.ReadAllBytes(tree.Path("oracle/" + name)));
        BinaryPrimitives.ReadUInt32BigEndian(ours.AsSpan(ours.Length - 8)).Should().Be(0xfade0b01);
    }

    [Fact]
    public void ReSigningReplacesTheExistingSignatureAsHostWriterDoes()
    {
        using var tree = new TempTree();
        tree.Bytes("template", SyntheticMachO());
        CreateAppHost(tree.Path("template"), tree.Path("signed/first"), "first.dll", sign: true);
        var signed = File.ReadAllBytes(tree.Path("signed/first"));
        MachOSigner.Sign(signed, "second", "t").Should().Equal(OracleSign(signed, "second"));
    }

    [Fact]
    public void ALinuxBundleIsByteIdenticalToBundlers()
    {
        using var tree = new TempTree();
        var template = Path.Combine(Packs.Find("Microsoft.NETCore.App.Host.linux-x64", TargetFramework.Default),
            "runtimes", "linux-x64", "native", "apphost");
        var host = AppHost.Create(File.ReadAllBytes(template), "app.dll", "t");
        var files = BundleInputs(tree);
        var oracle = OracleBundle(tree, host, "app", files, System.Runtime.InteropServices.OSPlatform.Linux,
            System.Runtime.InteropServices.Architecture.X64);
        Crossbuild.Outputs.Bundle.BundleWriter.Write(host, files, RidCatalog.Resolve("linux-x64")).Should().Equal(oracle);
    }

    [Fact]
    public void AMacOSArm64BundleIsByteIdenticalToBundlers()
    {
        using var tree = new TempTree();
        var template = SyntheticMachO(withBundlePlaceholder: true);
        // The SDK's intermediate host is signed under its own name ("apphost") before the bundler re-signs it.
        var host = MachOSigner.Sign(AppHost.Create(template, "app.dll", "t"), "apphost", "t");
        var files = BundleInputs(tree);
        var oracle = OracleBundle(tree, host, "app", files, System.Runtime.InteropServices.OSPlatform.OSX,
            System.Runtime.InteropServices.Architecture.Arm64);
        var ours = MachOSigner.Sign(Crossbuild.Outputs.Bundle.BundleWriter.Write(host, files, RidCatalog.Resolve("osx-arm64")), "app", "t");
        ours.Should().Equal(oracle);
    }

    private static IReadOnlyList<Crossbuild.Outputs.Bundle.BundleFile> BundleInputs(TempTree tree)
    {
        return
        [
            new("app.dll", File.ReadAllBytes(typeof(MachOSigner).Assembly.Location), Crossbuild.Outputs.Bundle.BundleFileType.Assembly),
            new("app.runtimeconfig.json", Encoding.UTF8.GetBytes("{\n  \"runtimeOptions\": {}\n}"), Crossbuild.Outputs.Bundle.BundleFileType.RuntimeConfigJson),
            new("lib.dll", File.ReadAllBytes(typeof(CsCheck.Gen).Assembly.Location), Crossbuild.Outputs.Bundle.BundleFileType.Assembly),
            new("app.deps.json", Encoding.UTF8.GetBytes("{ \"deps\": true }"), Crossbuild.Outputs.Bundle.BundleFileType.DepsJson),
        ];
    }

    // HostModel's Bundler on the same host and files, with the SDK's default options.
    private static byte[] OracleBundle(TempTree tree, byte[] host, string hostName,
        IReadOnlyList<Crossbuild.Outputs.Bundle.BundleFile> files, System.Runtime.InteropServices.OSPlatform os,
        System.Runtime.InteropServices.Architecture arch)
    {
        tree.Bytes("in/" + hostName, host);
        foreach (var f in files) tree.Bytes("in/" + f.RelativePath, f.Content);
        var bundler = HostModel.GetType("Microsoft.NET.HostModel.Bundle.Bundler", true)!;
        var options = HostModel.GetType("Microsoft.NET.HostModel.Bundle.BundleOptions", true)!;
        var spec = HostModel.GetType("Microsoft.NET.HostModel.Bundle.FileSpec", true)!;
        var instance = Activator.CreateInstance(bundler,
            [hostName, tree.Path("out"), Enum.ToObject(options, 0), os, arch, new Version(10, 0), false, null, true])!;
        var specs = Array.CreateInstance(spec, files.Count + 1);
        specs.SetValue(Activator.CreateInstance(spec, tree.Path("in/" + hostName), hostName), 0);
        for (var i = 0; i < files.Count; i++)
            specs.SetValue(Activator.CreateInstance(spec, tree.Path("in/" + files[i].RelativePath), files[i].RelativePath), i + 1);
        var output = (string)bundler.GetMethod("GenerateBundle")!.Invoke(instance, [specs])!;
        return File.ReadAllBytes(output);
    }

    [Fact]
    public void AFileThatIsNotMachOIsAnError()
    {
        var act = () => MachOSigner.Sign(new byte[64], "x", "launcher for osx-arm64");
        act.Should().Throw<Crossbuild.Diagnostics.CrossbuildException>().WithMessage("launcher for osx-arm64: not a 64-bit Mach-O file*");
    }

    // HostModel's own signing of an already patched file, through its internal API.
    private static byte[] OracleSign(byte[] input, string identifier)
    {
        var machO = HostModel.GetType("Microsoft.NET.HostModel.MachO.MachObjectFile", true)!;
        var reader = HostModel.GetType("Microsoft.NET.HostModel.MachO.IMachOFileReader", true)!;
        var estimate = (long)machO.GetMethod("GetSignatureSizeEstimate")!.Invoke(null, [(uint)input.Length, identifier])!;
        var stream = new MemoryStream();
        stream.Write(input);
        stream.SetLength(input.Length + estimate);
        var file = Activator.CreateInstance(HostModel.GetType("Microsoft.NET.HostModel.MachO.StreamBasedMachOFile", true)!, stream)!;
        var parsed = machO.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, [reader])!.Invoke(null, [file])!;
        var length = (long)machO.GetMethod("AdHocSignFile")!.Invoke(parsed, [file, identifier])!;
        return stream.ToArray()[..(int)length];
    }

    // A minimal 64-bit arm64 executable: __TEXT with one section holding the app path placeholder, __LINKEDIT whose
    // end is not 16-byte aligned, and LC_SYMTAB inside it. No code signature yet.
    private static byte[] SyntheticMachO(bool withBundlePlaceholder = false)
    {
        const int linkeditOff = 0x4000, linkeditSize = 0x123;
        var d = new byte[linkeditOff + linkeditSize];
        void U32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(at), v);
        void U64(int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(at), v);
        void Name(int at, string s) => Encoding.ASCII.GetBytes(s).CopyTo(d, at);
        U32(0, 0xfeedfacf);
        U32(4, 0x0100000c);
        U32(12, 2);
        U32(16, 3);
        U32(20, 152 + 72 + 24);
        var text = 32;
        U32(text, 0x19);
        U32(text + 4, 152);
        Name(text + 8, "__TEXT");
        U64(text + 24, 0x100000000);
        U64(text + 32, 0x4000);
        U64(text + 40, 0);
        U64(text + 48, 0x4000);
        U32(text + 56, 5);
        U32(text + 60, 5);
        U32(text + 64, 1);
        var section = text + 72;
        Name(section, "__text");
        Name(section + 16, "__TEXT");
        U64(section + 32, 0x100001000);
        U64(section + 40, 0x100);
        U32(section + 48, 0x1000);
        var linkedit = text + 152;
        U32(linkedit, 0x19);
        U32(linkedit + 4, 72);
        Name(linkedit + 8, "__LINKEDIT");
        U64(linkedit + 24, 0x100004000);
        U64(linkedit + 32, 0x4000);
        U64(linkedit + 40, linkeditOff);
        U64(linkedit + 48, linkeditSize);
        U32(linkedit + 56, 1);
        U32(linkedit + 60, 1);
        var symtab = linkedit + 72;
        U32(symtab, 0x2);
        U32(symtab + 4, 24);
        U32(symtab + 8, linkeditOff);
        U32(symtab + 16, linkeditOff);
        U32(symtab + 20, linkeditSize);
        AppHost.AppPathPlaceholder.CopyTo(d, 0x1000);
        if (withBundlePlaceholder)
            Convert.FromHexString("00000000000000008b1202b96a612038727b930214d7a03213f5b9e6efae3318ee3b2dce24b36aae").CopyTo(d, 0x1080);
        for (var i = 0x1100; i < linkeditOff; i++) d[i] = (byte)(i * 7);
        // The bytes of a string table, so that the synthetic file's symbol table is plausible.
        for (var i = linkeditOff; i < d.Length; i++) d[i] = (byte)(i % 13);
        return d;
    }
}
