using Crossbuild.Diagnostics;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// The Native AOT compiler and what it compiles against, as the SDK's <c>KnownILCompilerPack</c> and
/// Microsoft.NETCore.Native.targets pick them: ilc from <c>runtime.&lt;host rid&gt;.Microsoft.DotNet.ILCompiler</c>,
/// the target's libraries and static runtime from <c>Microsoft.NETCore.App.Runtime.NativeAOT.&lt;rid&gt;</c>.
/// </summary>
internal static class Ilc
{
    /// <summary>The ilc pack for this host.</summary>
    public static string PackName => $"runtime.{RidCatalog.Host.Value}.Microsoft.DotNet.ILCompiler";

    /// <summary>The NativeAOT runtime pack for <paramref name="rid"/>.</summary>
    public static string RuntimePackName(RuntimeId rid) => $"Microsoft.NETCore.App.Runtime.NativeAOT.{rid}";

    /// <summary>ilc for <paramref name="framework"/> (fetched when missing).</summary>
    public static string Tool(TargetFramework framework, string configRoot)
    {
        var pack = Packs.FindOrFetch(PackName, framework, configRoot);
        var path = Path.Combine(pack, "tools", "ilc" + RidCatalog.Host.ExecutableSuffix);
        if (!File.Exists(path)) throw new CrossbuildException($"ILCompiler pack {pack} has no tools/{Path.GetFileName(path)}");
        ToolProcess.EnsureExecutable(path);
        return path;
    }

    /// <summary>The native libraries of the framework ilc compiles P/Invokes into direct calls to (<c>NetCoreAppNativeLibrary</c>).</summary>
    public static readonly string[] DirectPInvokes =
        ["System.Native", "System.Globalization.Native", "System.IO.Compression.Native", "System.Net.Security.Native", "System.Security.Cryptography.Native.OpenSsl"];

    /// <summary>
    /// ilc's response file as the SDK's <c>IlcCompile</c> target writes it for an executable with default settings:
    /// the input, references, target, optimizations and debug info, the exports, the framework's init assemblies and
    /// direct P/Invokes, feature switches (also as runtime knobs), reflection and stack-trace data, warnings collapsed
    /// per assembly except for <paramref name="detailed"/> (the module's own).
    /// </summary>
    public static IReadOnlyList<string> ResponseFile(RuntimeId rid, string input, IEnumerable<string> references, string objectFile, string exportsFile,
        IEnumerable<(string Name, string Value)> features, IEnumerable<string> detailed)
    {
        var features2 = features.ToArray();
        var lines = new List<string> { input, "-o:" + objectFile };
        lines.AddRange(references.Select(r => "-r:" + r));
        lines.AddRange([$"--targetos:{Crossgen2.TargetOs(rid)}", $"--targetarch:{Crossgen2.TargetArch(rid)}", "--dehydrate", "-O", "-g",
            "--exportsfile:" + exportsFile, "--export-dynamic-symbol:DotNetRuntimeDebugHeader"]);
        string[] init = ["System.Private.CoreLib", "System.Private.StackTraceMetadata", "System.Private.TypeLoader", "System.Private.Reflection.Execution"];
        lines.AddRange(init.Select(a => "--initassembly:" + a));
        lines.AddRange(DirectPInvokes.Select(l => "--directpinvoke:" + l));
        lines.AddRange(features2.Select(f => $"--feature:{f.Name}={f.Value}"));
        lines.AddRange(features2.Select(f => $"--runtimeknob:{f.Name}={f.Value}"));
        lines.Add($"--runtimeknob:RUNTIME_IDENTIFIER={rid}");
        lines.AddRange(["--stacktracedata", "--scanreflection", "--methodbodyfolding:generic", "--nowarn:\"1701;1702;IL2121;8002\"", "--singlewarn"]);
        lines.AddRange(detailed.Select(d => "--nosinglewarnassembly:" + d));
        lines.AddRange(["--resilient", "--generateunmanagedentrypoints:System.Private.CoreLib,HIDDEN", "--feature:System.Diagnostics.Debugger.IsSupported=false"]);
        return lines;
    }

    /// <summary>
    /// The static libraries an executable links, in the SDK's order (Microsoft.NETCore.Native.Unix.targets with default
    /// settings: workstation GC, no event pipe, no standalone GC), and the system libraries after them: the pack's own
    /// zlib and brotli where it has them (else the system's, as <c>UseSystemZlib</c> does), and the system OpenSSL for a
    /// pack built for one distribution (<c>nonportable.txt</c>).
    /// </summary>
    public static (IReadOnlyList<string> Static, IReadOnlyList<string> System) NativeLibraries(string nativeDir, RuntimeId rid)
    {
        var libs = DirectPInvokes.Select(l => $"lib{l}.a").ToList();
        libs.AddRange(["libbootstrapper.o", "libRuntime.WorkstationGC.a", "libeventpipe-disabled.a"]);
        if (rid.Arch == "x64") libs.Add("libRuntime.VxsortDisabled.a");
        libs.AddRange(["libstandalonegc-disabled.a", "libaotminipal.a", "libstdc++compat.a"]);
        var systemZlib = !File.Exists(Path.Combine(nativeDir, "libz.a"));
        var systemBrotli = !File.Exists(Path.Combine(nativeDir, "libbrotlicommon.a"));
        if (!systemZlib) libs.Add("libz.a");
        if (!systemBrotli) libs.AddRange(["libbrotlienc.a", "libbrotlidec.a", "libbrotlicommon.a"]);
        var system = new List<string>();
        if (File.Exists(Path.Combine(nativeDir, "nonportable.txt"))) system.AddRange(["ssl", "crypto"]);
        system.Add("dl");
        if (systemZlib) system.Add("z");
        if (systemBrotli) system.AddRange(["brotlienc", "brotlidec", "brotlicommon"]);
        system.AddRange(["rt", "m"]);
        return (libs.Select(l => Path.Combine(nativeDir, l)).ToArray(), system);
    }

    /// <summary>
    /// The stack size the SDK gives a musl executable's main thread (<c>IlcDefaultStackSize</c>): musl's default is too
    /// small for the runtime.
    /// </summary>
    public const int MuslStackSize = 1572864;

    /// <summary>The clang arguments the SDK's <c>LinkNative</c> target gives for a Linux executable.</summary>
    public static IReadOnlyList<string> LinkArguments(NativeToolchain tools, RuntimeId rid, string objectFile, string output, string exportsFile,
        (IReadOnlyList<string> Static, IReadOnlyList<string> System) libraries)
    {
        var args = new List<string> { objectFile, "-o", output, $"-Wl,--version-script={exportsFile}", "-Wl,--export-dynamic", "-gz=zlib", $"-fuse-ld={tools.LinkerFlavor}" };
        args.AddRange(libraries.Static);
        if (tools.SysRoot is not null) args.Add($"--sysroot={tools.SysRoot}");
        if (tools.TargetTriple is not null) args.Add($"--target={tools.TargetTriple}");
        args.AddRange(["-g", "-Wl,--build-id=sha1", "-Wl,--as-needed", "-pthread"]);
        args.AddRange(libraries.System.Select(l => "-l" + l));
        args.AddRange(["-pie", "-Wl,-pie", "-Wl,-z,relro", "-Wl,-z,now"]);
        if (rid.IsMusl) args.Add($"-Wl,-z,stack-size={MuslStackSize}");
        args.AddRange(["-Wl,--eh-frame-hdr", "-Wl,--discard-all", "-Wl,--gc-sections"]);
        return args;
    }
}
