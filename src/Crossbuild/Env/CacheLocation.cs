namespace Crossbuild.Env;

/// <summary>
/// Where the build cache lives: <c>--cache-dir</c>, else <c>CROSSBUILD_CACHE</c>, else
/// <c>$XDG_CACHE_HOME/crossbuild</c> (<c>~/.cache/crossbuild</c>), or <c>%LocalAppData%\crossbuild</c> on Windows.
/// </summary>
public static class CacheLocation
{
    /// <summary>The cache folder, given an optional explicit override.</summary>
    public static string Resolve(string? explicitDir = null)
    {
        if (!string.IsNullOrEmpty(explicitDir))
            return Path.GetFullPath(explicitDir);
        var env = Environment.GetEnvironmentVariable("CROSSBUILD_CACHE");
        if (!string.IsNullOrEmpty(env))
            return Path.GetFullPath(env);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "crossbuild");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "crossbuild");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "crossbuild");
    }
}
