using System.Runtime.InteropServices;

namespace Crossbuild.Cli.Server;

/// <summary>
/// Where the build server of this user and this tool build listens: a Unix domain socket named by a hash of the
/// tool's own assemblies, in a folder only the user can open (0700): <c>$CROSSBUILD_SERVER_DIR</c>, else
/// <c>$XDG_RUNTIME_DIR/crossbuild</c>, else <c>/tmp/crossbuild-&lt;uid&gt;</c>. On Windows it is a named pipe of this
/// user and tool build, and the folder (<c>%LOCALAPPDATA%\crossbuild\server</c>) holds only the log.
/// </summary>
internal static class ServerPaths
{
    /// <summary>The tool build's identity: the module version IDs of its assemblies (a rebuild changes them).</summary>
    public static string ToolId { get; } = Id();

    // The two random 128-bit IDs combined (no hash function: the client path loads neither OpenSSL nor the engine's
    // code, only its assembly's metadata).
    private static string Id()
    {
        Span<byte> cli = stackalloc byte[16], engine = stackalloc byte[16];
        typeof(ServerPaths).Assembly.ManifestModule.ModuleVersionId.TryWriteBytes(cli);
        typeof(Crossbuild.Common.ContentHash).Assembly.ManifestModule.ModuleVersionId.TryWriteBytes(engine);
        for (var i = 0; i < 8; i++) cli[i] ^= (byte)(engine[i] ^ engine[i + 8] ^ cli[i + 8]);
        return Convert.ToHexStringLower(cli[..8]);
    }

    /// <summary>The folder of the sockets and logs.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("CROSSBUILD_SERVER_DIR") is { Length: > 0 } dir ? dir
        : OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "crossbuild", "server")
        : Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } run ? Path.Combine(run, "crossbuild")
        : Path.Combine(Path.GetTempPath(), $"crossbuild-{GetUid()}");

    /// <summary>
    /// The build environment's identity: the variables that decide where .NET, its packs and NuGet's folders and
    /// configuration are (<c>DOTNET_*</c>, <c>NUGET_*</c>, the home and XDG folders). The engine looks those up once
    /// per process, so each such environment has its own server, and a command never meets what another environment
    /// found.
    /// </summary>
    public static string EnvironmentId { get; } = EnvironmentFingerprint();

    private static string EnvironmentFingerprint()
    {
        var names = new List<string>();
        foreach (string name in Environment.GetEnvironmentVariables().Keys)
        {
            var upper = OperatingSystem.IsWindows() ? name.ToUpperInvariant() : name;
            if (upper.StartsWith("DOTNET_", StringComparison.Ordinal) || upper.StartsWith("NUGET_", StringComparison.Ordinal)
                || upper is "HOME" or "XDG_CONFIG_HOME" or "XDG_DATA_HOME" or "XDG_CACHE_HOME" or "USERPROFILE" or "APPDATA" or "LOCALAPPDATA")
                names.Add(name);
        }
        names.Sort(StringComparer.Ordinal);
        // FNV-1a, 64 bits: a name, not a secret (no hash library on the client's path).
        var hash = 14695981039346656037UL;
        foreach (var name in names)
            foreach (var c in $"{name}={Environment.GetEnvironmentVariable(name)}\0")
            {
                hash ^= c;
                hash *= 1099511628211UL;
            }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..8];
    }

    /// <summary>This tool build's and environment's socket (Linux, macOS).</summary>
    public static string Socket => Path.Combine(Directory, $"{ToolId}-{EnvironmentId}.sock");

    /// <summary>This user's, tool build's and environment's pipe (Windows); <see cref="Transport"/> opens it for this user only.</summary>
    public static string PipeName => $"crossbuild-{Environment.UserName}-{ToolId}-{EnvironmentId}";

    /// <summary>Where the server listens, as status and errors name it.</summary>
    public static string Address => OperatingSystem.IsWindows() ? $@"\\.\pipe\{PipeName}" : Socket;

    /// <summary>The server's log (its start-up failures and crashes).</summary>
    public static string Log => Path.Combine(Directory, ToolId + ".log");

    /// <summary>
    /// Creates the folder (0700) when it is missing; null when it is usable, else why not: others may open it, or
    /// this user cannot write into it (another user's folder).
    /// </summary>
    public static string? Prepare()
    {
        var dir = Directory;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                System.IO.Directory.CreateDirectory(dir);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"cannot use {dir}: {e.Message}";
            }
        }
        // sockaddr_un holds 108 bytes on Linux and 104 on macOS, with the terminating NUL.
        var limit = OperatingSystem.IsMacOS() ? 103 : 107;
        if (System.Text.Encoding.UTF8.GetByteCount(Socket) > limit)
            return $"the socket path {Socket} is longer than the {limit} bytes a Unix socket allows (set CROSSBUILD_SERVER_DIR to a shorter folder)";
        try
        {
            if (!System.IO.Directory.Exists(dir))
                System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var mode = (int)File.GetUnixFileMode(dir);
            if ((mode & 0x3F) != 0) return $"{dir} may be opened by other users (mode {Convert.ToString(mode & 0x1FF, 8)}; it must be 700)";
            // .NET has no API for a file's owner; in a folder only its owner can enter, being able to write is being it.
            var probe = Path.Combine(dir, $".probe-{Environment.ProcessId}");
            using (File.Create(probe)) { }
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot use {dir}: {e.Message}";
        }
    }

    /// <summary>The user's ID.</summary>
    [DllImport("libc", EntryPoint = "getuid")]
    public static extern uint GetUid();
}
