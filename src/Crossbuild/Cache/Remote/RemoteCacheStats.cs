using System.Globalization;

namespace Crossbuild.Cache.Remote;

/// <summary>What a command did with the remote cache (<c>-v</c>, <c>--timings</c>, the GitHub step summary).</summary>
/// <param name="Url">The cache, without credentials.</param>
/// <param name="Hits">Compiles whose results came from the remote cache.</param>
/// <param name="Misses">Compiles it did not have (or whose result was refused).</param>
/// <param name="BytesDown">Bytes downloaded.</param>
/// <param name="BytesUp">Bytes uploaded.</param>
/// <param name="Uploaded">Action results uploaded.</param>
/// <param name="Milliseconds">Time spent in requests, summed over the actions that waited for them.</param>
/// <param name="Failures">Requests that failed (transport faults, timeouts, 5xx, refused uploads).</param>
/// <param name="SwitchedOff">Whether the cache was switched off for the rest of the command after repeated failures.</param>
/// <param name="Upload">Whether this command was allowed to upload.</param>
public sealed record RemoteCacheStats(string Url, int Hits, int Misses, long BytesDown, long BytesUp, int Uploaded,
    double Milliseconds, int Failures, bool SwitchedOff, bool Upload)
{
    /// <summary>Hits over lookups, 0 to 1; 0 when nothing was looked up.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    /// <summary>One line: <c>12 hits, 3 misses (80%), 1.2 MB down, 0.3 MB up (3 results), 140 ms</c>.</summary>
    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Hits} hits, {Misses} misses ({HitRate * 100:F0}%), {Size(BytesDown)} down, {Size(BytesUp)} up ({Uploaded} results), {Milliseconds:F0} ms");
        if (!Upload) text += ", read-only";
        if (Failures > 0) text += $", {Failures} failed requests";
        if (SwitchedOff) text += ", switched off after repeated failures";
        return text;
    }

    private static string Size(long bytes) =>
        bytes < 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MB");
}
