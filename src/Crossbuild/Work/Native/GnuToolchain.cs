using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>
/// The Linux link, as Microsoft.NETCore.Native.Unix.targets makes it: <c>clang</c> as compiler driver, GNU ld
/// (<c>-fuse-ld=bfd</c>, else lld), <c>llvm-objcopy</c> (else <c>objcopy</c>) to split the debug symbols into
/// <c>&lt;app&gt;.dbg</c>; for another architecture or libc, a target triple and a sysroot.
/// </summary>
/// <param name="Clang">The clang driver.</param>
/// <param name="LinkerFlavor">What <c>-fuse-ld=</c> names: <c>bfd</c> or <c>lld</c>.</param>
/// <param name="ObjCopy">The objcopy that splits and strips debug symbols.</param>
/// <param name="TargetTriple">The <c>--target=</c> triple for a cross link, or null for the host's.</param>
/// <param name="SysRoot">The <c>--sysroot=</c> for a cross link, or null.</param>
internal sealed record GnuToolchain(string Clang, string LinkerFlavor, string ObjCopy, string? TargetTriple, string? SysRoot) : NativeToolchain
{
    /// <summary>
    /// The stack size the SDK gives a musl executable's main thread (<c>IlcDefaultStackSize</c>): musl's default is too
    /// small for the runtime.
    /// </summary>
    public const int MuslStackSize = 1572864;

    /// <inheritdoc/>
    public override string Identity => string.Join(' ', new[] { Clang, Linker(), ObjCopy }.Select(Stamp)) + $" {TargetTriple} {SysRoot}";

    private string Linker() => Which(LinkerFlavor == "bfd" ? "ld.bfd" : "ld.lld") ?? LinkerFlavor;

    /// <summary>The tools for <paramref name="rid"/> on this Linux host, or the one-line error naming what is missing.</summary>
    public static GnuToolchain Find(RuntimeId rid) => Find(rid, Which, Environment.GetEnvironmentVariable);

    /// <summary><see cref="Find(RuntimeId)"/> with the PATH lookup and the environment given.</summary>
    internal static GnuToolchain Find(RuntimeId rid, Func<string, string?> which, Func<string, string?> variable)
    {
        var host = RidCatalog.Host;
        var clang = which("clang") ?? throw new CrossbuildException($"--aot for {rid} needs clang, which is not on PATH: apt-get install clang lld");
        var flavor = which("ld.bfd") is not null ? "bfd" : which("ld.lld") is not null ? "lld"
            : throw new CrossbuildException($"--aot for {rid} needs a linker (GNU ld or lld), and neither is on PATH: apt-get install clang lld");
        var objcopy = which("llvm-objcopy") ?? which("objcopy")
            ?? throw new CrossbuildException($"--aot for {rid} needs llvm-objcopy or objcopy to split debug symbols: apt-get install llvm binutils");
        var sameArch = rid.Arch == host.Arch;
        var sameLibc = rid.IsMusl == host.IsMusl;
        if (sameArch && sameLibc) return new GnuToolchain(clang, flavor, objcopy, null, null);
        // A cross link, as the SDK's CrossCompileArch and CrossCompileAbi make it: a triple, and a sysroot from
        // CROSSBUILD_SYSROOT_<RID> (the SDK's SysRoot) or, for glibc, Debian's cross toolchain, which clang finds itself.
        var arch = rid.Arch switch { "x64" => "x86_64", "arm64" => "aarch64", "arm" => "armv7", var a => a };
        var abi = rid.IsMusl ? (rid.Arch == "arm" ? "musleabihf" : "musl") : rid.Arch == "arm" ? "gnueabihf" : "gnu";
        var sysroot = variable(SysRootVariable(rid)) is { Length: > 0 } s ? s : null;
        if (sysroot is not null)
        {
            if (!Directory.Exists(sysroot))
                throw new CrossbuildException($"--aot for {rid}: {SysRootVariable(rid)} names {sysroot}, which is not a directory");
            var alpine = File.Exists(Path.Combine(sysroot, "etc/os-release")) && File.ReadAllText(Path.Combine(sysroot, "etc/os-release")).Contains("ID=alpine", StringComparison.Ordinal);
            return new GnuToolchain(clang, flavor, objcopy, alpine ? $"{arch}-alpine-linux-{abi}" : $"{arch}-linux-{abi}", sysroot);
        }
        var triple = $"{arch}-linux-{abi}";
        var debian = arch == "armv7" ? "arm-linux-gnueabihf" : triple; // Debian's name for the cross toolchain
        if (!rid.IsMusl && Directory.Exists($"/usr/lib/gcc-cross/{debian}"))
            return new GnuToolchain(clang, flavor, objcopy, triple, null);
        throw new CrossbuildException(rid.IsMusl
            ? $"--aot for {rid} on this {host} host needs a musl sysroot (an Alpine root with build-base, clang and lld): set {SysRootVariable(rid)} to it, or build on a runner of that runtime"
            : $"--aot for {rid} on this {host} host needs a {triple} cross toolchain: apt-get install gcc-{debian} libc6-dev-{DebianArch(rid.Arch)}-cross, or set {SysRootVariable(rid)} to a sysroot");
    }

    private static string DebianArch(string arch) => arch switch { "x64" => "amd64", "arm" => "armhf", var a => a };

    /// <inheritdoc/>
    public override IReadOnlyList<string> Link(NativeLinkInputs inputs, string what, CancellationToken cancel)
    {
        var exe = inputs.Output;
        Tool(Clang, Arguments(inputs.Rid, inputs.ObjectFile, exe, inputs.ExportsFile, Ilc.NativeLibraries(inputs.NativeDir, inputs.Rid)), what, "linking", cancel);
        // As the SDK's StripSymbols does: the debug info goes to <app>.dbg, which the stripped executable names.
        var dbg = exe + ".dbg";
        Tool(ObjCopy, ["--only-keep-debug", exe, dbg], what, "splitting debug symbols", cancel);
        Tool(ObjCopy, ["--strip-debug", "--strip-unneeded", exe], what, "stripping", cancel);
        Tool(ObjCopy, [$"--add-gnu-debuglink={dbg}", exe], what, "linking debug symbols", cancel, Path.GetDirectoryName(exe));
        return [Path.GetFileName(dbg)];
    }

    /// <summary>The clang arguments the SDK's <c>LinkNative</c> target gives for a Linux executable.</summary>
    public IReadOnlyList<string> Arguments(RuntimeId rid, string objectFile, string output, string exportsFile,
        (IReadOnlyList<string> Static, IReadOnlyList<string> System) libraries)
    {
        var args = new List<string> { objectFile, "-o", output, $"-Wl,--version-script={exportsFile}", "-Wl,--export-dynamic", "-gz=zlib", $"-fuse-ld={LinkerFlavor}" };
        args.AddRange(libraries.Static);
        if (SysRoot is not null) args.Add($"--sysroot={SysRoot}");
        if (TargetTriple is not null) args.Add($"--target={TargetTriple}");
        args.AddRange(["-g", "-Wl,--build-id=sha1", "-Wl,--as-needed", "-pthread"]);
        args.AddRange(libraries.System.Select(l => "-l" + l));
        args.AddRange(["-pie", "-Wl,-pie", "-Wl,-z,relro", "-Wl,-z,now"]);
        if (rid.IsMusl) args.Add($"-Wl,-z,stack-size={MuslStackSize}");
        args.AddRange(["-Wl,--eh-frame-hdr", "-Wl,--discard-all", "-Wl,--gc-sections"]);
        return args;
    }
}
