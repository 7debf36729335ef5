using Crossbuild.Outputs;
using Crossbuild.Plan;

namespace Crossbuild.Work;

/// <summary>Writes an executable's files into its destination, each atomically, the launcher last.</summary>
public static class Installer
{
    /// <summary>Installs <paramref name="files"/> as <paramref name="action"/> says; identical files are left untouched.</summary>
    public static InstallResult Install(InstallAction action, AppFiles files, Action<string>? wrote = null)
    {
        Directory.CreateDirectory(action.Directory);
        var paths = new List<string>();
        foreach (var file in files.Files)
        {
            var path = Path.Combine(action.Directory, file.Name);
            var written = file.Content is null ? AtomicFile.Copy(file.SourcePath!, path, file.CompareContent) : AtomicFile.Write(path, file.Content, file.Executable);
            if (written) wrote?.Invoke(path);
            paths.Add(path);
        }
        var host = Path.Combine(action.Directory, action.AppHostName);
        // macOS launchers are signed ad hoc under their final name, as the SDK signs osx apphosts.
        var bytes = action.App.Target.Runtime.Os == "osx"
            ? MachOSigner.Sign(files.AppHost, action.AppHostName, "launcher for " + action.App.Target.Runtime)
            : files.AppHost;
        if (AtomicFile.Write(host, bytes, executable: true)) wrote?.Invoke(host);
        paths.Add(host);
        return new InstallResult(host, paths);
    }
}
