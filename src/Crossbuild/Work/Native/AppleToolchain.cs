using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>
/// The macOS link, as Microsoft.NETCore.Native.Unix.targets makes it for <c>osx</c>: Xcode's <c>clang</c> for
/// <c>&lt;arch&gt;-apple-macos12.0</c> (either architecture from either Mac), with the Apple frameworks, Swift and ICU;
/// then <c>dsymutil</c> writes <c>&lt;app&gt;.dSYM</c> and <c>strip -x</c> strips the executable.
/// </summary>
/// <param name="Clang">Xcode's clang driver.</param>
/// <param name="DsymUtil">dsymutil.</param>
/// <param name="Strip">strip.</param>
/// <param name="Version">What <c>clang --version</c> says first: the Xcode toolchain the shim runs.</param>
internal sealed partial record AppleToolchain(string Clang, string DsymUtil, string Strip, string Version) : NativeToolchain
{
    /// <summary>The oldest macOS the SDK's executables run on (<c>AppleMinOSVersion</c>).</summary>
    public const string MinOSVersion = "12.0";

    /// <summary>The frameworks an executable links (<c>NativeFramework</c>).</summary>
    public static readonly string[] Frameworks = ["CoreFoundation", "CryptoKit", "Foundation", "Network", "Security", "GSS"];

    // What the shims say, asked once a process: /usr/bin/clang is the same small file whatever Xcode it runs.
    private static readonly ConcurrentDictionary<string, string> Said = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string Identity => string.Join(' ', new[] { Clang, DsymUtil, Strip }.Select(Stamp)) + " " + Version;

    /// <summary>Xcode's major version, as the SDK reads it from <c>clang --version</c> (0 when it says none).</summary>
    public int XcodeVersion => FirstNumber().Match(Version) is { Success: true } m ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"[1-9]\d*")]
    private static partial Regex FirstNumber();

    /// <summary>The tools for <paramref name="rid"/> on this Mac, or the one-line error naming what is missing.</summary>
    public static AppleToolchain Find(RuntimeId rid)
    {
        string Need(string tool) => Which(tool)
            ?? throw new CrossbuildException($"--aot for {rid} needs {tool}, which is not on PATH: install Xcode or its command line tools (xcode-select --install)");
        var clang = Need("clang");
        var dsymutil = Need("dsymutil");
        var strip = Need("strip");
        var version = Said.GetOrAdd(clang, c => ToolProcess.Run(c, ["--version"], $"aot for {rid}", CancellationToken.None).Output.FirstOrDefault(l => l.Length > 0) ?? "");
        return new AppleToolchain(clang, dsymutil, strip, version);
    }

    /// <summary>The target triple: <c>arm64-apple-macos12.0</c> or <c>x86_64-apple-macos12.0</c>.</summary>
    public static string TargetTriple(RuntimeId rid) => (rid.Arch == "x64" ? "x86_64" : rid.Arch) + "-apple-macos" + MinOSVersion;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Link(NativeLinkInputs inputs, string what, CancellationToken cancel)
    {
        var exe = inputs.Output;
        Tool(Clang, Arguments(inputs.Rid, inputs.ObjectFile, exe, inputs.ExportsFile, Ilc.NativeLibraries(inputs.NativeDir, inputs.Rid)), what, "linking", cancel);
        // As the SDK's StripSymbols does on Apple platforms: dsymutil writes <app>.dSYM, then strip -x. (The SDK means
        // to add --minimize where dsymutil has it, but tests the probe's exit code for it, so it never does.)
        Tool(DsymUtil, [exe], what, "writing debug symbols", cancel);
        Tool(Strip, ["-no_code_signature_warning", "-x", exe], what, "stripping", cancel);
        var dsym = exe + ".dSYM";
        var dir = Path.GetDirectoryName(exe)!;
        return Directory.Exists(dsym)
            ? Directory.GetFiles(dsym, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    /// <summary>The clang arguments the SDK's <c>LinkNative</c> target gives for a macOS executable.</summary>
    public IReadOnlyList<string> Arguments(RuntimeId rid, string objectFile, string output, string exportsFile,
        (IReadOnlyList<string> Static, IReadOnlyList<string> System) libraries)
    {
        var args = new List<string>();
        // Xcode 15's new linker breaks the runtime's unwinding data: the SDK asks for the classic one there.
        if (XcodeVersion == 15) args.Add("-ld_classic");
        args.AddRange([objectFile, "-o", output, "-exported_symbols_list", exportsFile, "-Wl,-dead_strip", "-gz=zlib"]);
        args.AddRange(libraries.Static);
        args.AddRange([$"--target={TargetTriple(rid)}", "-g"]);
        args.AddRange(libraries.System.Select(l => "-l" + l));
        args.Add("-L/usr/lib/swift");
        foreach (var f in Frameworks) args.AddRange(["-framework", f]);
        return args;
    }
}
