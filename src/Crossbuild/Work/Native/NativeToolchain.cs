using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>
/// The platform tools a Native AOT build for a runtime links with, found as the SDK's Native AOT targets find them:
/// <c>clang</c> as compiler driver, GNU ld (<c>-fuse-ld=bfd</c>, else lld), <c>llvm-objcopy</c> (else
/// <c>objcopy</c>) to split the debug symbols; for another architecture or libc, a target triple and a sysroot.
/// </summary>
/// <param name="Clang">The clang driver.</param>
/// <param name="LinkerFlavor">What <c>-fuse-ld=</c> names: <c>bfd</c> or <c>lld</c>.</param>
/// <param name="ObjCopy">The objcopy that splits and strips debug symbols.</param>
/// <param name="TargetTriple">The <c>--target=</c> triple for a cross link, or null for the host's.</param>
/// <param name="SysRoot">The <c>--sysroot=</c> for a cross link, or null.</param>
internal sealed record NativeToolchain(string Clang, string LinkerFlavor, string ObjCopy, string? TargetTriple, string? SysRoot)
{
    /// <summary>The environment variable that names a sysroot for <paramref name="rid"/> (<c>CROSSBUILD_SYSROOT_LINUX_MUSL_X64</c>).</summary>
    public static string SysRootVariable(RuntimeId rid) => "CROSSBUILD_SYSROOT_" + rid.Value.Replace('-', '_').ToUpperInvariant();

    /// <summary>What identifies the tools' versions for a cache key: each resolved file with its size and time.</summary>
    public string Identity => string.Join(' ', new[] { Clang, Linker(), ObjCopy }.Select(Stamp)) + $" {TargetTriple} {SysRoot}";

    private string Linker() => Which(LinkerFlavor == "bfd" ? "ld.bfd" : "ld.lld") ?? LinkerFlavor;

    private static string Stamp(string path)
    {
        var info = new FileInfo(path);
        var real = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return real.Exists ? $"{real.FullName}:{real.Length}:{real.LastWriteTimeUtc.Ticks}" : path;
    }

    /// <summary>
    /// The tools for linking <paramref name="rid"/> on this host, or the one-line error that names what is missing
    /// and how to get it.
    /// </summary>
    public static NativeToolchain For(RuntimeId rid)
    {
        var host = RidCatalog.Host;
        if (!OperatingSystem.IsLinux())
            throw new CrossbuildException($"--aot for {rid}: this version links Native AOT apps on Linux hosts only; build {rid} on a Linux runner, or with dotnet publish -p:PublishAot=true here");
        if (!rid.IsLinux)
            throw new CrossbuildException($"--aot for {rid} needs a {(rid.IsOsx ? "macOS" : rid.IsWindows ? "Windows" : rid.Os)} host, whose platform linker it links with; build it on a runner of that OS (crossbuild plan --github puts each runtime on one)");
        var clang = Which("clang") ?? throw new CrossbuildException($"--aot for {rid} needs clang, which is not on PATH: apt-get install clang lld");
        var flavor = Which("ld.bfd") is not null ? "bfd" : Which("ld.lld") is not null ? "lld"
            : throw new CrossbuildException($"--aot for {rid} needs a linker (GNU ld or lld), and neither is on PATH: apt-get install clang lld");
        var objcopy = Which("llvm-objcopy") ?? Which("objcopy")
            ?? throw new CrossbuildException($"--aot for {rid} needs llvm-objcopy or objcopy to split debug symbols: apt-get install llvm binutils");
        var sameArch = rid.Arch == host.Arch;
        var sameLibc = rid.IsMusl == host.IsMusl;
        if (sameArch && sameLibc) return new NativeToolchain(clang, flavor, objcopy, null, null);
        // A cross link, as the SDK's CrossCompileArch and CrossCompileAbi make it: a triple, and a sysroot from
        // CROSSBUILD_SYSROOT_<RID> (the SDK's SysRoot) or, for glibc, Debian's cross toolchain, which clang finds itself.
        var arch = rid.Arch switch { "x64" => "x86_64", "arm64" => "aarch64", "arm" => "armv7", var a => a };
        var abi = rid.IsMusl ? (rid.Arch == "arm" ? "musleabihf" : "musl") : rid.Arch == "arm" ? "gnueabihf" : "gnu";
        var sysroot = Environment.GetEnvironmentVariable(SysRootVariable(rid)) is { Length: > 0 } s ? s : null;
        if (sysroot is not null)
        {
            if (!Directory.Exists(sysroot))
                throw new CrossbuildException($"--aot for {rid}: {SysRootVariable(rid)} names {sysroot}, which is not a directory");
            var alpine = File.Exists(Path.Combine(sysroot, "etc/os-release")) && File.ReadAllText(Path.Combine(sysroot, "etc/os-release")).Contains("ID=alpine", StringComparison.Ordinal);
            return new NativeToolchain(clang, flavor, objcopy, alpine ? $"{arch}-alpine-linux-{abi}" : $"{arch}-linux-{abi}", sysroot);
        }
        var triple = $"{arch}-linux-{abi}";
        var debian = arch == "armv7" ? "arm-linux-gnueabihf" : triple; // Debian's name for the cross toolchain
        if (!rid.IsMusl && Directory.Exists($"/usr/lib/gcc-cross/{debian}"))
            return new NativeToolchain(clang, flavor, objcopy, triple, null);
        throw new CrossbuildException(rid.IsMusl
            ? $"--aot for {rid} on this {host} host needs a musl sysroot (an Alpine root with build-base, clang and lld): set {SysRootVariable(rid)} to it, or build on a runner of that runtime"
            : $"--aot for {rid} on this {host} host needs a {triple} cross toolchain: apt-get install gcc-{debian} libc6-dev-{DebianArch(rid.Arch)}-cross, or set {SysRootVariable(rid)} to a sysroot");
    }

    private static string DebianArch(string arch) => arch switch { "x64" => "amd64", "arm" => "armhf", var a => a };

    /// <summary>The first <paramref name="name"/> on PATH, or null.</summary>
    public static string? Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
