using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Crossbuild.Cli.Server;

/// <summary>
/// Where the build server of this user and this tool build listens: a Unix domain socket named by a hash of the
/// tool's own assemblies, in a folder only the user can open (0700): <c>$CROSSBUILD_SERVER_DIR</c>, else
/// <c>$XDG_RUNTIME_DIR/crossbuild</c>, else <c>/tmp/crossbuild-&lt;uid&gt;</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ServerPaths
{
    /// <summary>The tool build's identity: the module version IDs of its assemblies (a rebuild changes them).</summary>
    public static string ToolId { get; } = Id();

    private static string Id()
    {
        var ids = string.Join(",", new[] { typeof(ServerPaths).Assembly, typeof(Crossbuild.Common.ContentHash).Assembly }
            .Select(a => a.ManifestModule.ModuleVersionId.ToString("N")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
    }

    /// <summary>The folder of the sockets.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("CROSSBUILD_SERVER_DIR") is { Length: > 0 } dir ? dir
        : Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } run ? Path.Combine(run, "crossbuild")
        : Path.Combine(Path.GetTempPath(), $"crossbuild-{GetUid()}");

    /// <summary>This tool build's socket.</summary>
    public static string Socket => Path.Combine(Directory, ToolId + ".sock");

    /// <summary>The server's log (its start-up failures and crashes).</summary>
    public static string Log => Path.Combine(Directory, ToolId + ".log");

    /// <summary>
    /// Creates the folder (0700) when it is missing; null when it is usable, else why not: others may open it, or
    /// this user cannot write into it (another user's folder).
    /// </summary>
    public static string? Prepare()
    {
        var dir = Directory;
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
