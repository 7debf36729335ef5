using System.Text.RegularExpressions;
using Crossbuild.Diagnostics;

namespace Crossbuild.Test;

/// <summary>
/// How <c>crossbuild test</c> runs tests, on top of the build settings: an immutable record whose setters check
/// their values, as <see cref="CrossbuildSettings"/>' do.
/// </summary>
public sealed record TestOptions
{
    /// <summary>The regular expression <c>-run</c> selects tests with (matched against fully qualified names), or null for all.</summary>
    public string? Run { get; private init; }

    /// <summary><c>-count</c>: how many times to run each package's tests; null when not given (then results are cached).</summary>
    public int? Count { get; private init; }

    /// <summary><c>-timeout</c>: a test process that runs longer is stopped (default 10 minutes).</summary>
    public TimeSpan Timeout { get; private init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>-failfast</c>: stop starting tests after the first failure.</summary>
    public bool FailFast { get; private init; }

    /// <summary>Default options: every test, once, cached, ten minutes.</summary>
    public static TestOptions Default { get; } = new();

    /// <summary>Selects tests whose fully qualified name matches <paramref name="pattern"/> (.NET regular expression syntax).</summary>
    public TestOptions SetRun(string? pattern)
    {
        if (pattern is null) return this with { Run = null };
        try
        {
            _ = new Regex(pattern);
        }
        catch (ArgumentException e)
        {
            throw new CrossbuildException($"-run {pattern}: not a valid regular expression: {e.Message}");
        }
        return this with { Run = pattern };
    }

    /// <summary>Runs each package's tests <paramref name="count"/> times (at least 1); an explicit count of 1 bypasses the result cache.</summary>
    public TestOptions SetCount(int? count) =>
        count is null or >= 1 ? this with { Count = count } : throw new CrossbuildException($"-count {count}: must be at least 1");

    /// <summary>Stops a test process after <paramref name="timeout"/> (positive).</summary>
    public TestOptions SetTimeout(TimeSpan timeout) =>
        timeout > TimeSpan.Zero ? this with { Timeout = timeout } : throw new CrossbuildException($"-timeout {timeout}: must be positive");

    /// <summary>Stops starting tests after the first failure.</summary>
    public TestOptions SetFailFast(bool failFast) => this with { FailFast = failFast };

    /// <summary>Whether results may come from, and go to, the result cache (no explicit <c>-count 1</c>).</summary>
    public bool UsesCache => Count is null or > 1;

    /// <summary>
    /// Parses a Go duration (<c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>500ms</c>) as <c>-timeout</c> takes it.
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = Regex.Match(text, @"^(?:(\d+(?:\.\d+)?)(h|ms|m|s))+$");
        if (!match.Success)
            throw new CrossbuildException($"-timeout {text}: not a duration (e.g. 90s, 10m, 1h30m)");
        var total = TimeSpan.Zero;
        for (var i = 0; i < match.Groups[1].Captures.Count; i++)
        {
            var n = double.Parse(match.Groups[1].Captures[i].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += match.Groups[2].Captures[i].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                _ => TimeSpan.FromMilliseconds(n),
            };
        }
        return total;
    }

    /// <summary>A duration as Go prints one (<c>3s</c>, <c>10m0s</c>, <c>1h30m0s</c>, <c>500ms</c>).</summary>
    public static string FormatDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1)) return $"{(long)d.TotalMilliseconds}ms";
        var seconds = d.Seconds + d.Milliseconds / 1000.0;
        var s = seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
        if (d.TotalMinutes < 1) return s;
        var m = $"{d.Minutes}m{s}";
        return d.TotalHours < 1 ? m : $"{(long)d.TotalHours}h{m}";
    }

    /// <summary>What of these options changes which tests run and how, for the result cache's key.</summary>
    internal IEnumerable<string> KeyLines()
    {
        yield return $"run {Run}";
        yield return $"count {Count}";
        yield return $"timeout {Timeout.TotalMilliseconds}";
        yield return $"failfast {FailFast}";
    }
}
