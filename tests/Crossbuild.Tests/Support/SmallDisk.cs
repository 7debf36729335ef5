using System.Diagnostics;

namespace Crossbuild.Tests.Support;

/// <summary>A tmpfs of a fixed size mounted for a test (Linux, as root), for disk-full drills.</summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Whether this machine lets a test mount a tmpfs.</summary>
    public static readonly Lazy<bool> Available = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            using var probe = Mount(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crossbuild-tmpfs-probe-" + Environment.ProcessId), 64);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    });

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> at <paramref name="path"/>.</summary>
    public static SmallDisk Mount(string path, int kilobytes)
    {
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path) != 0)
            throw new InvalidOperationException($"cannot mount a tmpfs at {path}");
        return new SmallDisk(path);
    }

    /// <summary>Fills the disk until at most <paramref name="leaveBytes"/> are free.</summary>
    public void Fill(long leaveBytes)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        if (free > leaveBytes)
            File.WriteAllBytes(System.IO.Path.Combine(Path, "filler"), new byte[free - leaveBytes]);
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    /// <inheritdoc/>
    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}

/// <summary>A test that needs <see cref="SmallDisk"/>; reported as skipped where a tmpfs cannot be mounted.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (!SmallDisk.Available.Value) Skip = "needs to mount a small tmpfs (Linux, as root)";
    }
}
