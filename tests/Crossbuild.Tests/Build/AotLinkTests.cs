using Crossbuild.Targets;
using Crossbuild.Tests.Support;
using Crossbuild.Work.Native;

namespace Crossbuild.Tests.Build;

/// <summary>
/// The platform link of <c>--aot</c> for targets and toolchains this host may lack (macOS; musl and other
/// architectures through a sysroot), checked at the link: the SDK's own Native AOT targets run here for that target
/// (their <c>LinkNative</c> target alone, on an object file that stands for ilc's), and recording stand-ins for the
/// platform tools write down what each is asked. Crossbuild's link must ask the same tools the same things.
/// </summary>
public class AotLinkTests
{
    // A stand-in for a platform tool: what clang --version says for Xcode 15 (where the SDK asks for the classic
    // linker), and every other call written to $TOOL_LOG; clang creates its -o, dsymutil a .dSYM bundle, objcopy
    // the file it keeps the debug information in.
    private const string Tool = """
        #!/bin/sh
        name=$(basename "$0")
        if [ "$name" = clang ] && [ "$1" = --version ]; then echo "Apple clang version 15.0.0 (clang-1500.3.9.4)"; exit 0; fi
        if [ "$1" = --help ]; then echo "  --minimize"; exit 0; fi
        printf '%s\n' "$name" "$@" >> "$TOOL_LOG"; echo ---- >> "$TOOL_LOG"
        if [ "$name" = clang ]; then while [ $# -gt 0 ]; do if [ "$1" = -o ]; then : > "$2"; fi; shift; done; fi
        if [ "$name" = dsymutil ]; then
          for last; do :; done
          mkdir -p "$last.dSYM/Contents/Resources/DWARF" && : > "$last.dSYM/Contents/Info.plist" && : > "$last.dSYM/Contents/Resources/DWARF/$(basename "$last")"
        fi
        if [ "$name" = llvm-objcopy ] && [ "$1" = --only-keep-debug ]; then : > "$3"; fi
        """;

    [LinuxX64Theory]
    [InlineData("osx-arm64", null)]
    [InlineData("osx-x64", null)]
    [InlineData("linux-x64", null)]
    [InlineData("linux-arm64", "debian")]
    [InlineData("linux-musl-x64", "alpine")]
    [InlineData("linux-musl-arm64", "alpine")]
    public void TheLinkAsksThePlatformToolsWhatTheSdksTargetsAsk(string rid, string? sysroot)
    {
        using var tree = new TempTree();
        var bin = tree.Path("bin");
        Directory.CreateDirectory(bin);
        foreach (var name in new[] { "clang", "dsymutil", "strip", "ld.bfd", "llvm-objcopy" })
        {
            File.WriteAllText(Path.Combine(bin, name), Tool.ReplaceLineEndings("\n"));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var native = tree.Path("native") + "/";
        Directory.CreateDirectory(native);
        var targets = Path.Combine(Ilc.BuildFolder(TargetFramework.Default, tree.Root), "Microsoft.NETCore.Native.targets");
        var runtime = RuntimeId.Parse(rid);
        string? root = null;
        if (sysroot is not null)
        {
            root = tree.Path("sysroot");
            Directory.CreateDirectory(Path.Combine(root, "etc"));
            File.WriteAllText(Path.Combine(root, "etc/os-release"), $"ID={sysroot}\n");
        }

        string Run(string who, Action<string, string> link)
        {
            var obj = tree.Path(who + "/obj") + "/";
            var output = tree.Path(who + "/out") + "/";
            Directory.CreateDirectory(obj);
            Directory.CreateDirectory(output);
            File.WriteAllText(obj + "app.o", "");
            link(obj, output);
            return File.ReadAllText(tree.Path(who + ".log")).Replace(tree.Path(who), "<dir>");
        }

        var env = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"), ["TOOL_LOG"] = tree.Path("sdk.log") };
        var sdk = Run("sdk", (obj, output) =>
        {
            File.WriteAllText(tree.Path("link.proj"), $"""
                <Project>
                  <PropertyGroup>
                    <_targetOS>{runtime.Os}</_targetOS>
                    <_originalTargetOS>{rid[..rid.LastIndexOf('-')]}</_originalTargetOS>
                    <_linuxLibcFlavor>{(runtime.IsMusl ? "musl" : "")}</_linuxLibcFlavor>
                    <SysRoot>{root}</SysRoot>
                    <_targetArchitecture>{runtime.Arch}</_targetArchitecture>
                    <_hostOS>linux</_hostOS>
                    <_hostArchitecture>x64</_hostArchitecture>
                    <RuntimeIdentifier>{rid}</RuntimeIdentifier>
                    <OutputType>Exe</OutputType>
                    <TargetName>app</TargetName>
                    <DebugType>portable</DebugType>
                    <NativeCompilationDuringPublish>false</NativeCompilationDuringPublish>
                    <NativeIntermediateOutputPath>{obj}</NativeIntermediateOutputPath>
                    <NativeOutputPath>{output}</NativeOutputPath>
                    <IlcSdkPath>{native}</IlcSdkPath>
                    <IlcFrameworkNativePath>{native}</IlcFrameworkNativePath>
                  </PropertyGroup>
                  <Import Project="{targets}" />
                  <PropertyGroup>
                    <LinkNativeDependsOn>SetupOSSpecificProps</LinkNativeDependsOn>
                    <IlcDynamicBuildPropertyDependencies></IlcDynamicBuildPropertyDependencies>
                  </PropertyGroup>
                </Project>
                """);
            var msbuild = ProcessRunner.Run("dotnet", tree.Root, env, ["msbuild", tree.Path("link.proj"), "-t:LinkNative", "-nologo", "-v:m"]);
            msbuild.ExitCode.Should().Be(0, msbuild.StdOut + msbuild.StdErr);
        });

        IReadOnlyList<string> symbols = [];
        var ours = Run("ours", (obj, output) =>
        {
            NativeToolchain tools = runtime.IsOsx
                ? new AppleToolchain(Path.Combine(bin, "clang"), Path.Combine(bin, "dsymutil"), Path.Combine(bin, "strip"), "Apple clang version 15.0.0 (clang-1500.3.9.4)")
                : GnuToolchain.Find(runtime, name => File.Exists(Path.Combine(bin, name)) ? Path.Combine(bin, name) : null,
                    name => name == NativeToolchain.SysRootVariable(runtime) ? root : null);
            Environment.SetEnvironmentVariable("TOOL_LOG", tree.Path("ours.log"));
            try
            {
                symbols = tools.Link(new NativeLinkInputs(runtime, obj + "app.o", output + "app", obj + "app.exports", native), "aot cmd/app for " + rid, CancellationToken.None);
            }
            finally
            {
                Environment.SetEnvironmentVariable("TOOL_LOG", null);
            }
        });

        ours.Should().Be(sdk);
        if (runtime.IsOsx)
        {
            ours.Should().Contain("-ld_classic").And.Contain($"--target={(runtime.Arch == "x64" ? "x86_64" : "arm64")}-apple-macos12.0");
            symbols.Should().Equal("app.dSYM/Contents/Info.plist", "app.dSYM/Contents/Resources/DWARF/app");
        }
        else
        {
            symbols.Should().Equal("app.dbg");
            if (runtime.IsMusl) ours.Should().Contain($"--target={(runtime.Arch == "x64" ? "x86_64" : "aarch64")}-alpine-linux-musl").And.Contain("-Wl,-z,stack-size=1572864");
        }
    }
}
