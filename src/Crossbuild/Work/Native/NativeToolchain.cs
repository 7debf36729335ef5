using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>What the platform linker links for a Native AOT executable.</summary>
/// <param name="Rid">The target runtime.</param>
/// <param name="ObjectFile">ilc's object file.</param>
/// <param name="Output">The executable to write.</param>
/// <param name="ExportsFile">ilc's exports file (a version script, a symbol list or a module definition).</param>
/// <param name="NativeDir">The NativeAOT runtime pack's native folder: the static runtime and shims.</param>
/// <param name="SourceLink">ilc's Source Link file for the PDB (Windows), or null.</param>
/// <param name="IlcBuild">The ILCompiler package's build folder (Windows), or null.</param>
/// <param name="Optimize">Whether the configuration optimizes (Release), which folds code away on Windows.</param>
/// <param name="WindowsGui">Whether the app is a Windows GUI app (the <c>WINDOWS</c> subsystem).</param>
internal sealed record NativeLinkInputs(RuntimeId Rid, string ObjectFile, string Output, string ExportsFile, string NativeDir,
    string? SourceLink = null, string? IlcBuild = null, bool Optimize = true, bool WindowsGui = false);

/// <summary>
/// The platform tools a Native AOT build for a runtime links with, found as the SDK's Native AOT targets find them:
/// clang and GNU ld or lld with objcopy on Linux (<see cref="GnuToolchain"/>), clang with dsymutil and strip on macOS
/// (<see cref="AppleToolchain"/>), and Visual C++'s link.exe on Windows (<see cref="MsvcToolchain"/>). Each links
/// on a host of its own operating system, as the SDK does.
/// </summary>
internal abstract record NativeToolchain
{
    /// <summary>What identifies the tools' versions for a cache key: each resolved file with its size and time.</summary>
    public abstract string Identity { get; }

    /// <summary>
    /// Links <see cref="NativeLinkInputs.ObjectFile"/> into <see cref="NativeLinkInputs.Output"/> and splits off the
    /// debug symbols as the SDK does; returns the symbol files, relative to the executable's folder.
    /// </summary>
    public abstract IReadOnlyList<string> Link(NativeLinkInputs inputs, string what, CancellationToken cancel);

    /// <summary>
    /// The tools for linking <paramref name="rid"/> on this host, or the one-line error that names what is missing
    /// and how to get it.
    /// </summary>
    public static NativeToolchain For(RuntimeId rid)
    {
        if (Substitute?.Invoke(rid) is { } substitute) return substitute;
        var host = RidCatalog.Host;
        if (rid.Os != host.Os)
        {
            var os = rid.IsOsx ? "macOS" : rid.IsWindows ? "Windows" : rid.IsLinux ? "Linux" : rid.Os;
            throw new CrossbuildException($"--aot for {rid} needs a {os} host, whose platform linker it links with; build it on a runner of that OS (crossbuild plan --github puts each runtime on one)");
        }
        return rid.Os switch
        {
            "linux" => GnuToolchain.Find(rid),
            "osx" => AppleToolchain.Find(rid),
            "win" => MsvcToolchain.Find(rid),
            _ => throw new CrossbuildException($"--aot for {rid}: this version links Native AOT apps for Linux, macOS and Windows only"),
        };
    }

    /// <summary>
    /// For tests of what ilc makes for a target whose platform linker this host lacks: a toolchain that stands in for
    /// it where this returns one. Internal, so no setting or host can reach it.
    /// </summary>
    internal static Func<RuntimeId, NativeToolchain?>? Substitute { get; set; }

    /// <summary>The environment variable that names a sysroot for <paramref name="rid"/> (<c>CROSSBUILD_SYSROOT_LINUX_MUSL_X64</c>).</summary>
    public static string SysRootVariable(RuntimeId rid) => "CROSSBUILD_SYSROOT_" + rid.Value.Replace('-', '_').ToUpperInvariant();

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

    /// <summary><paramref name="path"/> (through links) with its size and time: another file there is another tool.</summary>
    protected static string Stamp(string path)
    {
        var info = new FileInfo(path);
        var real = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return real.Exists ? $"{real.FullName}:{real.Length}:{real.LastWriteTimeUtc.Ticks}" : path;
    }

    /// <summary>Runs a platform tool; one that fails is one line with its first error, never the whole dump.</summary>
    protected static ToolRun Tool(string path, IReadOnlyList<string> args, string what, string doing, CancellationToken cancel, string? cwd = null)
    {
        var run = ToolProcess.Run(path, args, what, cancel, cwd);
        if (run.ExitCode == 0) return run;
        var first = run.Output.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? run.Output.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
        throw new CrossbuildException($"{what}: {Path.GetFileName(path)} failed {doing} (exit code {run.ExitCode}){(first.Length > 0 ? ": " + first.Trim() : "")}");
    }
}
