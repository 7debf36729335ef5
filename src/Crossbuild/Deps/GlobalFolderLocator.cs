using Crossbuild.Common;
using Crossbuild.Cache;

namespace Crossbuild.Deps;

/// <summary>
/// Finds the global packages folder without loading NuGet's settings on every build. <c>NUGET_PACKAGES</c> wins, as
/// in NuGet; otherwise the answer of <c>Settings.LoadDefaultSettings</c> is remembered in the build cache under the
/// stats (size, mtime) of every file and folder NuGet reads configuration from, so an edit to any nuget.config, a
/// new one anywhere up the tree, or a new user or machine config asks NuGet again.
/// </summary>
internal static class GlobalFolderLocator
{
    private static readonly string[] ConfigNames = ["nuget.config", "NuGet.config", "NuGet.Config"];
    private static readonly TimeSpan Recent = TimeSpan.FromSeconds(2);
    private const string Fact = "global-folder";

    /// <summary>The global packages folder for <paramref name="configRoot"/>; <paramref name="load"/> asks NuGet.</summary>
    public static string Locate(string configRoot, BuildCache? cache, Func<string> load) =>
        Locate(configRoot, cache, load, Environment.GetEnvironmentVariable("NUGET_PACKAGES"));

    /// <summary>Like <see cref="Locate(string, BuildCache?, Func{string})"/> with <c>NUGET_PACKAGES</c> given.</summary>
    internal static string Locate(string configRoot, BuildCache? cache, Func<string> load, string? nugetPackages)
    {
        if (!string.IsNullOrEmpty(nugetPackages)) return Path.GetFullPath(nugetPackages);
        if (cache is null) return load();
        var (id, trusted) = Key(configRoot);
        if (trusted && cache.Get(id)?.Facts.FirstOrDefault(f => f.Key == Fact).Value is { } known) return known;
        var folder = load();
        if (trusted) cache.Put(id, [], [], [new(Fact, folder)]);
        return folder;
    }

    // Every place NuGet looks: nuget.config in the root and each parent, the user's NuGet.Config and config/*.config,
    // the machine-wide folder; plus the environment variables that move them.
    private static (string Id, bool Trusted) Key(string configRoot)
    {
        var id = new ActionIdBuilder().Add("action", "nuget-global-folder 1");
        var trusted = true;
        void Stat(string path)
        {
            var info = new FileInfo(path);
            var dir = info.Exists ? null : new DirectoryInfo(path);
            var time = info.Exists ? info.LastWriteTimeUtc : dir!.Exists ? dir.LastWriteTimeUtc : (DateTime?)null;
            id.Add("stat", time is null ? path + " -" : $"{path} {(info.Exists ? info.Length : -1)} {time.Value.Ticks}");
            if (time is { } t && DateTime.UtcNow - t <= Recent) trusted = false;
        }
        foreach (var name in new[] { "HOME", "NUGET_COMMON_APPLICATION_DATA", "XDG_CONFIG_HOME", "DOTNET_CLI_HOME" })
            id.Add("env", name + "=" + Environment.GetEnvironmentVariable(name));
        for (var d = Path.GetFullPath(configRoot); d is not null; d = Path.GetDirectoryName(d))
            foreach (var name in ConfigNames)
                Stat(Path.Combine(d, name));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var dir in new[]
                 {
                     Path.Combine(home, ".nuget", "NuGet"), Path.Combine(home, ".nuget", "NuGet", "config"),
                     Path.Combine(home, ".nuget", "config"),
                     Environment.GetEnvironmentVariable("NUGET_COMMON_APPLICATION_DATA") is { Length: > 0 } common
                         ? Path.Combine(common, "NuGet", "Config") : "/etc/opt/NuGet/Config",
                 })
        {
            Stat(dir);
            if (Directory.Exists(dir))
                foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    Stat(file);
        }
        return (id.Id, trusted);
    }
}
