namespace Crossbuild.Constraints;

/// <summary>
/// The operating-system and architecture names that file-name suffixes recognise: Go's GOOS and GOARCH lists
/// plus the OS and architecture parts of .NET runtime identifiers.
/// </summary>
public static class KnownNames
{
    /// <summary>Operating-system names (Go's GOOS list, .NET's RID OS parts and their qualifiers such as musl).</summary>
    public static readonly IReadOnlySet<string> OperatingSystems = new HashSet<string>(StringComparer.Ordinal)
    {
        // Go
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
        "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
        // .NET
        "win", "osx", "macos", "maccatalyst", "iossimulator", "tvos", "tvossimulator", "browser", "wasi", "haiku",
        "musl", "bionic",
    };

    /// <summary>Architecture names (Go's GOARCH list and .NET's RID architecture parts).</summary>
    public static readonly IReadOnlySet<string> Architectures = new HashSet<string>(StringComparer.Ordinal)
    {
        // Go
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64",
        "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x",
        "sparc", "sparc64", "wasm",
        // .NET
        "x64", "x86", "armel", "armv6", "loongarch64",
    };
}
