using System.Diagnostics;
using System.Globalization;
using Crossbuild.Diagnostics;

namespace Crossbuild.Plan;

/// <summary>When to stamp executables with version-control information (<c>--buildvcs</c>), as Go's <c>-buildvcs</c>.</summary>
public enum BuildVcs
{
    /// <summary>Stamp when the module is in a git checkout and git can be run.</summary>
    Auto,

    /// <summary>Always stamp; an error when there is no git checkout.</summary>
    True,

    /// <summary>Never stamp.</summary>
    False,
}

/// <summary>The git state an executable is stamped with, as Go's <c>vcs.*</c> build settings.</summary>
/// <param name="Revision">The commit hash.</param>
/// <param name="Time">The commit time, RFC 3339 in UTC.</param>
/// <param name="Modified">Whether the work tree has changes.</param>
public sealed record VcsStamp(string Revision, string Time, bool Modified)
{
    /// <summary>The stamp as <c>key=value</c> build settings.</summary>
    public IEnumerable<string> Settings() =>
        ["vcs=git", $"vcs.revision={Revision}", $"vcs.time={Time}", $"vcs.modified={(Modified ? "true" : "false")}"];

    /// <summary>Reads the stamp for the checkout holding <paramref name="moduleRoot"/>; null when there is none (Auto).</summary>
    public static VcsStamp? Read(string moduleRoot, BuildVcs mode)
    {
        if (mode == BuildVcs.False) return null;
        var hasGit = FindGitDir(moduleRoot) is not null;
        if (!hasGit)
            return mode == BuildVcs.True ? throw new CrossbuildException($"--buildvcs=true: {moduleRoot} is not in a git checkout") : null;
        var head = Git(moduleRoot, "-c", "log.showsignature=false", "log", "-1", "--format=%H:%ct");
        var status = Git(moduleRoot, "status", "--porcelain");
        if (head is null || status is null)
            return mode == BuildVcs.True ? throw new CrossbuildException("--buildvcs=true: cannot read git state (is git installed?)") : null;
        var parts = head.Trim().Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[1], out var seconds)) return null; // no commits yet
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new VcsStamp(parts[0], time, status.Trim().Length > 0);
    }

    private static string? FindGitDir(string dir)
    {
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git")))
                return d.FullName;
        return null;
    }

    internal static string? Git(string dir, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
