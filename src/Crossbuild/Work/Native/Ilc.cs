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

    /// <summary>
    /// The Microsoft.DotNet.ILCompiler package, whose build folder has what a Windows target needs besides ilc: the
    /// Windows APIs ilc calls directly (<c>WindowsAPIs.txt</c>) and the debugger views the linker puts in the PDB.
    /// </summary>
    public const string BuildPackName = "Microsoft.DotNet.ILCompiler";

    /// <summary>The build folder of <see cref="BuildPackName"/> for <paramref name="framework"/> (fetched when missing).</summary>
    public static string BuildFolder(TargetFramework framework, string configRoot) =>
        Path.Combine(Packs.FindOrFetch(BuildPackName, framework, configRoot), "build");

    /// <summary>ilc's <c>--targetos</c> for <paramref name="rid"/>: the SDK's <c>_targetOS</c>.</summary>
    public static string TargetOs(RuntimeId rid) => rid.Os is "win" or "osx" or "linux" or "freebsd" ? rid.Os
        : throw new CrossbuildException($"--aot: ilc cannot compile for {rid} (operating system {rid.Os})");

    /// <summary>The object file's extension for <paramref name="rid"/>.</summary>
    public static string ObjectSuffix(RuntimeId rid) => rid.IsWindows ? ".obj" : ".o";

    /// <summary>The exports file's extension for <paramref name="rid"/> (a module-definition file on Windows).</summary>
    public static string ExportsSuffix(RuntimeId rid) => rid.IsWindows ? ".def" : ".exports";

    /// <summary>
    /// The native libraries of the framework ilc compiles P/Invokes into direct calls to (<c>NetCoreAppNativeLibrary</c>):
    /// on Windows only globalization and compression, on Apple platforms the Apple crypto shim instead of OpenSSL.
    /// </summary>
    public static IReadOnlyList<string> DirectPInvokes(RuntimeId rid) => rid.IsWindows
        ? ["System.Globalization.Native", "System.IO.Compression.Native"]
        : ["System.Native", "System.Globalization.Native", "System.IO.Compression.Native", "System.Net.Security.Native",
            rid.IsOsx ? "System.Security.Cryptography.Native.Apple" : "System.Security.Cryptography.Native.OpenSsl"];

    /// <summary>
    /// ilc's response file as the SDK's <c>IlcCompile</c> target writes it for an executable with default settings:
    /// the input, references, target, optimizations and debug info, the exports, the framework's init assemblies and
    /// direct P/Invokes, feature switches (also as runtime knobs), reflection and stack-trace data, warnings collapsed
    /// per assembly except for <paramref name="detailed"/> (the module's own); a Debug build (not
    /// <paramref name="optimize"/>) is neither optimized nor folded. A Windows target is not dehydrated,
    /// gets the Source Link file for the linker (<paramref name="sourceLink"/>), the list of Windows APIs to call
    /// directly (in <paramref name="ilcBuild"/>) and the app's Win32 resources.
    /// </summary>
    public static IReadOnlyList<string> ResponseFile(RuntimeId rid, string input, IEnumerable<string> references, string objectFile, string exportsFile,
        IEnumerable<(string Name, string Value)> features, IEnumerable<string> detailed, bool optimize = true, string? sourceLink = null, string? ilcBuild = null)
    {
        var features2 = features.ToArray();
        var win = rid.IsWindows;
        var lines = new List<string> { input, "-o:" + objectFile };
        lines.AddRange(references.Select(r => "-r:" + r));
        lines.AddRange([$"--targetos:{TargetOs(rid)}", $"--targetarch:{Crossgen2.TargetArch(rid)}"]);
        if (!win) lines.Add("--dehydrate");
        if (optimize) lines.Add("-O");
        lines.Add("-g");
        if (win && sourceLink is not null) lines.Add("--sourcelink:" + sourceLink);
        lines.AddRange(["--exportsfile:" + exportsFile, "--export-dynamic-symbol:DotNetRuntimeDebugHeader" + (win ? ",DATA" : "")]);
        string[] init = ["System.Private.CoreLib", "System.Private.StackTraceMetadata", "System.Private.TypeLoader", "System.Private.Reflection.Execution"];
        lines.AddRange(init.Select(a => "--initassembly:" + a));
        lines.AddRange(DirectPInvokes(rid).Select(l => "--directpinvoke:" + l));
        if (win)
            lines.Add("--directpinvokelist:" + Path.Combine(ilcBuild ?? throw new ArgumentNullException(nameof(ilcBuild), "a Windows target needs the ILCompiler build folder"), "WindowsAPIs.txt"));
        lines.AddRange(features2.Select(f => $"--feature:{f.Name}={f.Value}"));
        lines.AddRange(features2.Select(f => $"--runtimeknob:{f.Name}={f.Value}"));
        lines.Add($"--runtimeknob:RUNTIME_IDENTIFIER={rid}");
        lines.AddRange(["--stacktracedata", "--scanreflection", optimize ? "--methodbodyfolding:generic" : "--methodbodyfolding:none"]);
        if (win) lines.Add("--win32resourcemodule:" + Path.GetFileNameWithoutExtension(input));
        lines.AddRange(["--nowarn:\"1701;1702;IL2121;8002\"", "--singlewarn"]);
        lines.AddRange(detailed.Select(d => "--nosinglewarnassembly:" + d));
        lines.AddRange(["--resilient", "--generateunmanagedentrypoints:System.Private.CoreLib,HIDDEN", "--feature:System.Diagnostics.Debugger.IsSupported=false"]);
        return lines;
    }

    /// <summary>
    /// The static libraries an executable links, in the SDK's order (Microsoft.NETCore.Native.Unix.targets and
    /// .Windows.targets with default settings: workstation GC, no event pipe, no standalone GC), and the system
    /// libraries after them. On Linux and macOS: the shims first, then the runtime, the pack's own zlib and brotli
    /// where it has them (else the system's, as <c>UseSystemZlib</c> does), the system OpenSSL for a pack built for
    /// one distribution (<c>nonportable.txt</c>), and on macOS the Objective-C, Swift and ICU libraries. On Windows:
    /// the runtime, zlib, brotli and the shims' <c>.Aot.lib</c>, then the Windows SDK's import libraries.
    /// </summary>
    public static (IReadOnlyList<string> Static, IReadOnlyList<string> System) NativeLibraries(string nativeDir, RuntimeId rid)
    {
        if (rid.IsWindows) return WindowsLibraries(nativeDir, rid);
        var libs = DirectPInvokes(rid).Select(l => $"lib{l}.a").ToList();
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
        if (rid.IsOsx) system.AddRange(["objc", "swiftCore", "swiftFoundation"]);
        if (systemZlib) system.Add("z");
        if (systemBrotli) system.AddRange(["brotlienc", "brotlidec", "brotlicommon"]);
        system.Add(rid.IsOsx ? "icucore" : "rt");
        system.Add("m");
        return (libs.Select(l => Path.Combine(nativeDir, l)).ToArray(), system);
    }

    private static (IReadOnlyList<string> Static, IReadOnlyList<string> System) WindowsLibraries(string nativeDir, RuntimeId rid)
    {
        var libs = new List<string> { "bootstrapper.obj", "Runtime.WorkstationGC.lib", "eventpipe-disabled.lib" };
        if (rid.Arch == "x64") libs.Add("Runtime.VxsortDisabled.lib");
        libs.AddRange(["standalonegc-disabled.lib", "aotminipal.lib", "zlibstatic.lib", "brotlicommon.lib", "brotlienc.lib", "brotlidec.lib"]);
        libs.AddRange(DirectPInvokes(rid).Select(l => l + ".Aot.lib"));
        string[] system = ["advapi32", "bcrypt", "crypt32", "iphlpapi", "kernel32", "mswsock", "ncrypt", "normaliz", "ntdll", "ole32", "oleaut32", "secur32", "user32", "version", "ws2_32"];
        return (libs.Select(l => Path.Combine(nativeDir, l)).ToArray(), system.Select(l => l + ".lib").ToArray());
    }
}
