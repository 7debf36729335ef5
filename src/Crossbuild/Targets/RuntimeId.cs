namespace Crossbuild.Targets;

/// <summary>
/// A parsed runtime identifier such as <c>linux-musl-x64</c>: an OS, an optional qualifier (musl, bionic) and an
/// architecture. It knows the constraint tags that are true for it under both their .NET and Go names.
/// </summary>
public sealed record RuntimeId
{
    private RuntimeId(string value, string os, string? qualifier, string arch)
    {
        Value = value;
        Os = os;
        Qualifier = qualifier;
        Arch = arch;
    }

    /// <summary>The identifier as written, e.g. <c>linux-musl-x64</c>.</summary>
    public string Value { get; }

    /// <summary>The OS part, e.g. <c>linux</c>.</summary>
    public string Os { get; }

    /// <summary>The qualifier between OS and architecture (<c>musl</c>, <c>bionic</c>), if any.</summary>
    public string? Qualifier { get; }

    /// <summary>The architecture part, e.g. <c>x64</c>.</summary>
    public string Arch { get; }

    /// <summary>Whether the OS is Windows.</summary>
    public bool IsWindows => Os == "win";

    /// <summary>Whether the OS is macOS.</summary>
    public bool IsOsx => Os == "osx";

    /// <summary>Whether the OS is Linux (glibc, musl or bionic).</summary>
    public bool IsLinux => Os == "linux";

    /// <summary>Whether the C library is musl (<c>linux-musl-*</c>).</summary>
    public bool IsMusl => Qualifier == "musl";

    /// <summary>Whether the architecture is 64-bit Arm.</summary>
    public bool IsArm64 => Arch == "arm64";

    /// <summary>Whether the architecture is LoongArch64.</summary>
    public bool IsLoongArch64 => Arch == "loongarch64";

    /// <summary>The suffix of native executables: <c>.exe</c> on Windows, else empty.</summary>
    public string ExecutableSuffix => IsWindows ? ".exe" : "";

    /// <summary>The archive format releases use for this OS: <c>zip</c> on Windows, else <c>tar.gz</c>.</summary>
    public string ArchiveExtension => IsWindows ? "zip" : "tar.gz";

    // .NET OS name → the OS tags it implies (its .NET name, Go names and OS families).
    private static readonly Dictionary<string, string[]> OsTags = new(StringComparer.Ordinal)
    {
        ["linux"] = ["linux"],
        ["win"] = ["win", "windows"],
        ["osx"] = ["osx", "darwin", "macos"],
        ["android"] = ["android", "linux"],
        ["ios"] = ["ios", "darwin"],
        ["iossimulator"] = ["iossimulator", "ios", "darwin"],
        ["maccatalyst"] = ["maccatalyst", "ios", "darwin"],
        ["tvos"] = ["tvos", "darwin"],
        ["tvossimulator"] = ["tvossimulator", "tvos", "darwin"],
        ["freebsd"] = ["freebsd"],
        ["illumos"] = ["illumos", "solaris"],
        ["solaris"] = ["solaris"],
        ["haiku"] = ["haiku"],
        ["browser"] = ["browser", "js"],
        ["wasi"] = ["wasi", "wasip1"],
        ["unix"] = [],
    };

    // Go's unix list (aix, android, darwin, dragonfly, freebsd, hurd, illumos, ios, linux, netbsd, openbsd, solaris)
    // expressed over .NET OS names, plus haiku, which the RID graph puts under unix.
    private static readonly HashSet<string> UnixOses = new(StringComparer.Ordinal)
    {
        "linux", "osx", "android", "ios", "iossimulator", "maccatalyst", "tvos", "tvossimulator", "freebsd",
        "illumos", "solaris", "haiku", "unix",
    };

    private static readonly Dictionary<string, string[]> ArchTags = new(StringComparer.Ordinal)
    {
        ["x64"] = ["x64", "amd64"],
        ["x86"] = ["x86", "386"],
        ["arm64"] = ["arm64"],
        ["arm"] = ["arm"],
        ["armel"] = ["armel", "arm"],
        ["armv6"] = ["armv6", "arm"],
        ["loongarch64"] = ["loongarch64", "loong64"],
        ["mips64"] = ["mips64"],
        ["ppc64le"] = ["ppc64le"],
        ["riscv64"] = ["riscv64"],
        ["s390x"] = ["s390x"],
        ["wasm"] = ["wasm"],
    };

    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal) { "musl", "bionic" };

    /// <summary>Parses the shape <c>os[-qualifier]-arch</c>; returns null when it is not one.</summary>
    public static RuntimeId? TryParse(string value)
    {
        var parts = value.Split('-');
        if (parts.Length is < 2 or > 3) return null;
        var os = parts[0];
        var arch = parts[^1];
        string? qualifier = parts.Length == 3 ? parts[1] : null;
        if (!OsTags.ContainsKey(os) || !ArchTags.ContainsKey(arch)) return null;
        if (qualifier is not null && !Qualifiers.Contains(qualifier)) return null;
        return new RuntimeId(value, os, qualifier, arch);
    }

    /// <summary>Parses <paramref name="value"/>, which must have the shape <c>os[-qualifier]-arch</c>.</summary>
    public static RuntimeId Parse(string value) =>
        TryParse(value) ?? throw new Diagnostics.CrossbuildException($"unknown runtime identifier \"{value}\"");

    /// <summary>The constraint tags that are true for this RID: OS names, <c>unix</c>, qualifier and architecture names.</summary>
    public IEnumerable<string> Tags()
    {
        foreach (var t in OsTags[Os]) yield return t;
        if (UnixOses.Contains(Os)) yield return "unix";
        if (Qualifier is not null) yield return Qualifier;
        foreach (var t in ArchTags[Arch]) yield return t;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
