namespace Crossbuild.Watch;

/// <summary>
/// Watches a module's tree and adds every change that <see cref="WatchInputs"/> says matters to a
/// <see cref="ChangeQueue"/>. The events are only hints: the build still compares each file's size and time with its
/// cached facts, so a missed or doubled event costs at most a no-op build. When the watcher's buffer overflows, a
/// change of the module root is reported, which always builds.
/// </summary>
public sealed class ModuleWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    /// <summary>Starts watching <paramref name="moduleRoot"/>.</summary>
    public ModuleWatcher(string moduleRoot, WatchInputs inputs, ChangeQueue queue)
    {
        _watcher = new FileSystemWatcher(moduleRoot)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        void Seen(string path)
        {
            if (inputs.Matters(path)) queue.Add(path);
        }
        _watcher.Changed += (_, e) => Seen(e.FullPath);
        _watcher.Created += (_, e) => Seen(e.FullPath);
        _watcher.Deleted += (_, e) => Seen(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Seen(e.OldFullPath);
            Seen(e.FullPath);
        };
        _watcher.Error += (_, _) => queue.Add(moduleRoot);
        _watcher.EnableRaisingEvents = true;
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();
}
