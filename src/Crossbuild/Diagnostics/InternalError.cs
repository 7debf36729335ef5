namespace Crossbuild.Diagnostics;

/// <summary>
/// A failure that is not the user's: a bug in Crossbuild. It carries one line for the terminal and the path of a
/// crash log that holds the full stack trace. The API throws it instead of the original exception, so that hosts
/// can tell it from a <see cref="CrossbuildException"/> (the user's input) and from a failed build.
/// </summary>
/// <param name="message">The one line: <c>crossbuild: internal error: &lt;type&gt;: &lt;message&gt; (details in &lt;path&gt;)</c>.</param>
/// <param name="inner">The exception that escaped.</param>
/// <param name="crashLog">Where the stack trace was written; null when no log could be written.</param>
public sealed class CrossbuildInternalException(string message, Exception inner, string? crashLog) : Exception(message, inner)
{
    /// <summary>Where the full stack trace was written.</summary>
    public string? CrashLog { get; } = crashLog;
}

/// <summary>Sorts an escaped exception into the user's error or an internal one, and writes crash logs.</summary>
public static class InternalError
{
    private const int Enospc = 28, Edquot = 122;

    /// <summary>
    /// The user-facing error <paramref name="e"/> stands for, or null when it is a bug: a
    /// <see cref="CrossbuildException"/> (also inside an <see cref="AggregateException"/> from parallel work), a full
    /// disk or a denied permission, which name their path.
    /// </summary>
    public static CrossbuildException? AsUserError(Exception e)
    {
        switch (e)
        {
            case CrossbuildException user:
                return user;
            case AggregateException many:
                var inner = many.Flatten().InnerExceptions;
                return inner.Count > 0 && inner.Select(AsUserError).ToArray() is var all && all.All(u => u is not null) ? all[0] : null;
            case IOException io when (io.HResult & 0xFFFF) is Enospc or Edquot:
                return new CrossbuildException($"no space left on the device: {io.Message}", io);
            case UnauthorizedAccessException denied:
                return new CrossbuildException($"permission denied: {denied.Message}", denied);
            default:
                return null;
        }
    }

    /// <summary>
    /// <paramref name="text"/> without the credentials of any URL in it (<c>https://user:token@host</c> becomes
    /// <c>https://…@host</c>): a crash log may be attached to a bug report, and <c>--remote-cache</c> may carry them.
    /// </summary>
    internal static string RedactCredentials(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[A-Za-z][A-Za-z0-9+.-]*://)[^/\s?#@]+@", "…@");

    /// <summary>
    /// Writes <paramref name="e"/>'s full details to a crash log under the cache folder (or the temp folder when that
    /// fails) and returns the exception hosts get: its one line names the log.
    /// </summary>
    public static CrossbuildInternalException Report(Exception e, string? cacheDirectory = null)
    {
        var root = e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerExceptions[0] : e;
        string? log = null;
        var text = $"crossbuild {ToolVersion.Crossbuild} internal error at {DateTime.UtcNow:O}\n" +
                   $"command line: {Environment.CommandLine}\nworking directory: {Environment.CurrentDirectory}\n\n{e}\n";
        text = RedactCredentials(text);
        foreach (var dir in new[] { () => Path.Combine(Env.CacheLocation.Resolve(cacheDirectory), "crash"), () => Path.Combine(Path.GetTempPath(), "crossbuild-crash") })
        {
            try
            {
                var path = Path.Combine(dir(), $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
                Common.AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(text));
                log = path;
                break;
            }
            catch (Exception)
            {
                // Try the next folder; the one line is printed either way.
            }
        }
        var message = RedactCredentials(root.Message.ReplaceLineEndings(" ").Trim());
        return new CrossbuildInternalException(
            $"crossbuild: internal error: {root.GetType().FullName}: {message}" + (log is null ? "" : $" (details in {log})"), e, log);
    }
}
