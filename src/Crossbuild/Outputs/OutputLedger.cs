using Crossbuild.Cache;
using Crossbuild.Common;

namespace Crossbuild.Outputs;

/// <summary>
/// Remembers, in the build cache, which files Crossbuild wrote into one output directory for which executable, and
/// what each looked like when written (size, mtime). A later build then removes the files an executable no longer
/// has, and only those: never a file that Crossbuild did not write, that another executable still has, or that
/// changed since Crossbuild wrote it.
/// </summary>
public static class OutputLedger
{
    /// <summary>
    /// Records that the executables <paramref name="current"/> (app key → full paths) now own their files in
    /// <paramref name="directory"/>, and removes what they owned before and no longer do. Returns the removed paths.
    /// </summary>
    public static IReadOnlyList<string> Prune(BuildCache cache, string directory, IReadOnlyDictionary<string, IReadOnlyList<string>> current)
    {
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var id = new ActionIdBuilder().Add("action", "install-files 1").Add("directory", dir).Id;
        var owners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in cache.Get(id)?.Facts ?? [])
        {
            var tab = value.IndexOf('\t');
            if (tab < 0) continue;
            if (key == "owner")
            {
                var app = value[..tab];
                if (!owners.TryGetValue(app, out var files)) owners[app] = files = new HashSet<string>(StringComparer.Ordinal);
                files.Add(value[(tab + 1)..]);
            }
            else if (key == "stamp")
                stamps[value[..tab]] = value[(tab + 1)..];
        }

        var now = current.ToDictionary(kv => kv.Key, kv => kv.Value.Select(p => Relative(dir, p)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var wanted = now.Values.SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
        var keptByOthers = owners.Where(o => !now.ContainsKey(o.Key)).SelectMany(o => o.Value).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var (app, files) in now)
        {
            if (!owners.TryGetValue(app, out var before)) continue;
            foreach (var stale in before.Where(f => !files.Contains(f) && !wanted.Contains(f) && !keptByOthers.Contains(f)).Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(dir, stale);
                if (stamps.TryGetValue(stale, out var stamp) && File.Exists(path) && Stamp(path) == stamp)
                {
                    File.Delete(path);
                    removed.Add(path);
                    RemoveEmptyParents(dir, path);
                }
                stamps.Remove(stale);
            }
        }

        var changed = removed.Count > 0;
        foreach (var (app, files) in now)
        {
            if (!owners.TryGetValue(app, out var before) || !before.SetEquals(files)) changed = true;
            owners[app] = files;
        }
        foreach (var file in wanted)
        {
            var stamp = Stamp(Path.Combine(dir, file));
            if (!stamps.TryGetValue(file, out var was) || was != stamp) changed = true;
            stamps[file] = stamp;
        }
        if (changed)
            cache.Put(id, [], [],
            [
                .. owners.OrderBy(o => o.Key, StringComparer.Ordinal)
                    .SelectMany(o => o.Value.Order(StringComparer.Ordinal).Select(f => new KeyValuePair<string, string>("owner", o.Key + "\t" + f))),
                .. stamps.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new KeyValuePair<string, string>("stamp", s.Key + "\t" + s.Value)),
            ]);
        return removed;
    }

    private static string Relative(string dir, string path) => Path.GetRelativePath(dir, path).Replace('\\', '/');

    private static string Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.Length}\t{info.LastWriteTimeUtc.Ticks}" : "missing";
    }

    // Folders such as runtimes/linux-x64/native/ or de/ that held only removed files go too; the output folder stays.
    private static void RemoveEmptyParents(string root, string path)
    {
        for (var d = Path.GetDirectoryName(path); d is not null && d.Length > root.Length && d.StartsWith(root, StringComparison.Ordinal);
             d = Path.GetDirectoryName(d))
        {
            if (Directory.EnumerateFileSystemEntries(d).Any()) return;
            Directory.Delete(d);
        }
    }
}
