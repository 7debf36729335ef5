using Crossbuild.Common;
using Crossbuild.Outputs;
using Crossbuild.Plan;

namespace Crossbuild.Work;

/// <summary>Writes an executable's files into its destination, each atomically, the launcher last.</summary>
public static class Installer
{
    /// <summary>Installs <paramref name="files"/> as <paramref name="action"/> says; identical files are left untouched.</summary>
    public static InstallResult Install(InstallAction action, AppFiles files, Action<string>? wrote = null) =>
        Install(action, files, wrote, null);

    /// <summary>Like <see cref="Install(InstallAction, AppFiles, Action{string})"/>, with a ledger of earlier copies.</summary>
    /// <remarks>With <paramref name="ledger"/>, files marked <see cref="OutputFile.CompareContent"/> are checked against
    /// the recorded copy instead of byte by byte.</remarks>
    internal static InstallResult Install(InstallAction action, AppFiles files, Action<string>? wrote, CopyLedger? ledger)
    {
        Directory.CreateDirectory(action.Directory);
        var paths = new List<string>();
        foreach (var file in files.Files)
        {
            var path = Path.Combine(action.Directory, file.Name);
            bool written;
            if (file.Content is not null)
                written = AtomicFile.Write(path, file.Content, file.Executable);
            else if (file.CompareContent && ledger is not null && ledger.IsCurrent(file.SourcePath!, path))
                written = false;
            else if (string.Equals(Path.GetFullPath(file.SourcePath!), Path.GetFullPath(path), StringComparison.Ordinal))
                written = false; // a content file of a package built into its own directory is already in place
            else
            {
                written = AtomicFile.Copy(file.SourcePath!, path, file.CompareContent);
                if (file.CompareContent) ledger?.Record(file.SourcePath!, path);
            }
            if (written) wrote?.Invoke(path);
            paths.Add(path);
        }
        var host = Path.Combine(action.Directory, action.AppHostName);
        // A launcher made under an identity (a bundle) is not made again while the installed one is still it.
        var identity = files.AppHost.Identity;
        if (identity is null || ledger is null || !ledger.IsCurrentMade(identity, host))
        {
            // macOS launchers are signed ad hoc under their final name, as the SDK signs osx apphosts.
            var bytes = action.App.Target.Runtime.IsOsx
                ? MachOSigner.Sign(files.AppHost.Bytes, action.AppHostName, "launcher for " + action.App.Target.Runtime)
                : files.AppHost.Bytes;
            if (AtomicFile.Write(host, bytes, executable: true)) wrote?.Invoke(host);
            if (identity is not null) ledger?.RecordMade(identity, host);
        }
        ledger?.Save();
        paths.Add(host);
        return new InstallResult(host, paths);
    }
}
