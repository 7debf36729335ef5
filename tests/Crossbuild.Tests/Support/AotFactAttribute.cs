namespace Crossbuild.Tests.Support;

/// <summary>A test that links Native AOT apps: skipped where clang, a linker or objcopy is missing.</summary>
public sealed class AotFactAttribute : FactAttribute
{
    /// <summary>Whether this Linux host has what a linux-x64 Native AOT link needs.</summary>
    public static bool Available =>
        OperatingSystem.IsLinux() && On("clang") && (On("ld.bfd") || On("ld.lld")) && (On("llvm-objcopy") || On("objcopy"));

    public AotFactAttribute()
    {
        if (!Available) Skip = "needs clang, a linker and objcopy on a Linux host (apt-get install clang lld); .ci/run installs them";
    }

    private static bool On(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));
}

/// <summary>
/// A theory about what a linux-x64 host with the AOT tools says of runtimes it cannot link: skipped elsewhere, since
/// the messages name the host.
/// </summary>
public sealed class AotHostTheoryAttribute : TheoryAttribute
{
    public AotHostTheoryAttribute()
    {
        if (!AotFactAttribute.Available || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Skip = "needs a linux-x64 host with clang, a linker and objcopy (apt-get install clang lld)";
    }
}

/// <summary>A test that needs a Linux host.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs a Linux host";
    }
}

/// <summary>
/// A test that links Native AOT for linux-arm64 on a linux-x64 host and runs the result under qemu: skipped without
/// Debian's aarch64 cross toolchain and qemu-user.
/// </summary>
public sealed class AotCrossFactAttribute : FactAttribute
{
    public AotCrossFactAttribute()
    {
        if (!AotFactAttribute.Available || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64 ||
            !Directory.Exists("/usr/lib/gcc-cross/aarch64-linux-gnu") || !File.Exists("/usr/bin/qemu-aarch64"))
            Skip = "needs a linux-x64 host with clang, the aarch64 cross toolchain and qemu (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user); .ci/run installs them";
    }
}

/// <summary>A test that needs a linux-x64 host (the host ilc pack it compares with the SDK's).</summary>
public sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Skip = "needs a linux-x64 host";
    }
}

/// <summary>A theory that needs a linux-x64 host.</summary>
public sealed class LinuxX64TheoryAttribute : TheoryAttribute
{
    public LinuxX64TheoryAttribute()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Skip = "needs a linux-x64 host";
    }
}
