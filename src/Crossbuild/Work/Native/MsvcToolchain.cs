using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>
/// The Windows link, as Microsoft.NETCore.Native.Windows.targets makes it: Visual C++'s <c>link.exe</c> found as the
/// ILCompiler package's <c>findvcvarsall.bat</c> finds it (vswhere for the newest Visual Studio with the C++ tools
/// of the target's architecture, then its <c>vcvarsall.bat</c>), with the library folders that sets as
/// <c>/LIBPATH</c>; <c>/DEBUG</c> writes <c>&lt;app&gt;.pdb</c> beside the executable.
/// </summary>
/// <param name="Linker">link.exe.</param>
/// <param name="LibraryDirectories">The folders of <c>LIB</c> after vcvarsall: the C runtime's and the Windows SDK's.</param>
internal sealed record MsvcToolchain(string Linker, IReadOnlyList<string> LibraryDirectories) : NativeToolchain
{
    /// <summary>The stack size the SDK gives the main thread (<c>IlcDefaultStackSize</c>).</summary>
    public const int StackSize = 1572864;

    /// <summary>Where Visual Studio's installer keeps vswhere.</summary>
    public static string VsWhere => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFilesX86), "Microsoft Visual Studio", "Installer", "vswhere.exe");

    // vcvarsall takes seconds: it runs once a process for each environment (the build server keeps the answer).
    private static readonly ConcurrentDictionary<string, MsvcToolchain> Found = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string Identity => Stamp(Linker) + " " + string.Join(';', LibraryDirectories);

    /// <summary>The tools for <paramref name="rid"/> on this Windows host, or the one-line error naming what is missing.</summary>
    public static MsvcToolchain Find(RuntimeId rid)
    {
        if (rid.Arch is not ("x64" or "x86" or "arm64"))
            throw new CrossbuildException($"--aot for {rid}: Native AOT has no Windows runtime for {rid.Arch}");
        var hostArm = RuntimeInformation.OSArchitecture == Architecture.Arm64;
        var environment = (hostArm, rid.Arch) switch
        {
            (true, "x64") => "arm64_amd64", (true, "x86") => "arm64_x86", (true, _) => "arm64",
            (false, "x64") => "amd64", (false, "x86") => "amd64_x86", _ => "amd64_arm64",
        };
        return Found.GetOrAdd(environment, e => Discover(rid, e));
    }

    private static MsvcToolchain Discover(RuntimeId rid, string environment)
    {
        var what = $"aot for {rid}";
        var missing = $"--aot for {rid} needs Visual Studio or its Build Tools with the Desktop development with C++ workload{(rid.IsArm64 ? " and the C++ ARM64 build tools" : "")}";
        if (!File.Exists(VsWhere)) throw new CrossbuildException($"{missing} (no {VsWhere}): https://aka.ms/nativeaot-prerequisites");
        var component = "Microsoft.VisualStudio.Component.VC.Tools." + (rid.IsArm64 ? "ARM64" : "x86.x64");
        var where = ToolProcess.Run(VsWhere, ["-latest", "-prerelease", "-products", "*", "-requires", component, "-property", "installationPath"], what, CancellationToken.None);
        var vs = where.Output.LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        if (where.ExitCode != 0 || vs is null) throw new CrossbuildException($"{missing} (vswhere finds no installation with {component}): https://aka.ms/nativeaot-prerequisites");
        var vcvarsall = Path.Combine(vs, "VC", "Auxiliary", "Build", "vcvarsall.bat");
        if (!File.Exists(vcvarsall)) throw new CrossbuildException($"{missing} ({vcvarsall} is missing): https://aka.ms/nativeaot-prerequisites");
        // A batch file, so that %LIB% is read after vcvarsall set it (cmd expands a /c line before running it).
        var script = Path.Combine(Path.GetTempPath(), $"crossbuild-vcvars-{Environment.ProcessId}-{Guid.NewGuid():N}.cmd");
        File.WriteAllText(script, $"@echo off\r\ncall \"{vcvarsall}\" {environment} > NUL\r\nif errorlevel 1 exit /b 1\r\nwhere link\r\necho LIB=%LIB%\r\n");
        try
        {
            var cmd = Environment.GetEnvironmentVariable("ComSpec") is { Length: > 0 } c ? c : "cmd.exe";
            var run = ToolProcess.Run(cmd, ["/d", "/c", script], what, CancellationToken.None);
            var link = run.Output.Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("link.exe", StringComparison.OrdinalIgnoreCase) && File.Exists(l));
            var lib = run.Output.FirstOrDefault(l => l.StartsWith("LIB=", StringComparison.Ordinal))?[4..];
            if (run.ExitCode != 0 || link is null || string.IsNullOrWhiteSpace(lib))
                throw new CrossbuildException($"{missing} ({vcvarsall} {environment} sets up no link.exe and LIB): https://aka.ms/nativeaot-prerequisites");
            return new MsvcToolchain(link, lib.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Link(NativeLinkInputs inputs, string what, CancellationToken cancel)
    {
        var rsp = Path.Combine(Path.GetDirectoryName(inputs.ObjectFile)!, "link.rsp");
        // As WriteLinesToFile writes it: UTF-8 with a byte order mark.
        File.WriteAllLines(rsp, ResponseFile(inputs, LibraryDirectories), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Tool(Linker, ["@" + rsp], what, "linking", cancel);
        return [Path.GetFileNameWithoutExtension(inputs.Output) + ".pdb"];
    }

    /// <summary>
    /// link.exe's response file as the SDK's <c>LinkNative</c> target writes it for an executable: the object, the
    /// output, the exports, the library folders, Source Link, the runtime's static libraries and the Windows SDK's,
    /// then the SDK's options (a console or Windows subsystem, the runtime's entry point and stack size, no
    /// incremental linking, CET, the dynamic UCRT unless the pack's runtime is a debug build, and in Release the
    /// unreferenced and identical code folded away).
    /// </summary>
    public static IReadOnlyList<string> ResponseFile(NativeLinkInputs inputs, IEnumerable<string> libraryDirectories)
    {
        static string Q(string path) => "\"" + path + "\"";
        var rid = inputs.Rid;
        var lines = new List<string> { Q(inputs.ObjectFile), $"/OUT:{Q(inputs.Output)}", $"/DEF:{Q(inputs.ExportsFile)}" };
        lines.AddRange(libraryDirectories.Select(d => $"/LIBPATH:{Q(d)}"));
        if (inputs.SourceLink is not null) lines.Add($"/SOURCELINK:{Q(inputs.SourceLink)}");
        var (libs, system) = Ilc.NativeLibraries(inputs.NativeDir, rid);
        lines.AddRange(libs.Select(Q));
        lines.AddRange(system.Select(Q));
        lines.AddRange(["/NOLOGO /MANIFEST:NO", "/MERGE:.managedcode=.text /MERGE:hydrated=.bss", "/DEBUG", "/INCREMENTAL:NO",
            "/SUBSYSTEM:" + (inputs.WindowsGui ? "WINDOWS" : "CONSOLE"), $"/ENTRY:wmainCRTStartup /NOEXP /NOIMPLIB /STACK:{StackSize}"]);
        if (inputs.IlcBuild is not null) lines.Add($"/NATVIS:{Q(Path.Combine(inputs.IlcBuild, "NativeAOT.natvis"))}");
        if (rid.Arch == "x86") lines.Add("/safeseh");
        lines.Add("/IGNORE:4104");
        if (rid.Arch == "x64") lines.Add("/CETCOMPAT");
        if (!File.Exists(Path.Combine(inputs.NativeDir, "debugucrt.txt"))) lines.AddRange(["/NODEFAULTLIB:libucrt.lib", "/DEFAULTLIB:ucrt.lib"]);
        if (inputs.Optimize) lines.AddRange(["/OPT:REF", "/OPT:ICF"]);
        return lines;
    }
}
