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
            var written = file.Content is null ? AtomicFile.Copy(file.SourcePath!, path) : AtomicFile.Write(path, file.Content, file.Executable);
            if (written) wrote?.Invoke(path);
            paths.Add(path);
        }
        var host = Path.Combine(action.Directory, action.AppHostName);
        if (AtomicFile.Write(host, files.AppHost, executable: true)) wrote?.Invoke(host);
        paths.Add(host);
        return new InstallResult(host, paths);
    }
}
