using System.Diagnostics;
using Crossbuild.Plan;
using Crossbuild.Work;

namespace Crossbuild.Cli;

/// <summary>
/// One live status line on an interactive terminal while a build runs: packages done out of total, what is
/// compiling, cache hits and elapsed time, redrawn in place and erased when the build ends. Shown only when stderr
/// is a terminal, <c>CI</c> is unset and <c>TERM</c> is not <c>dumb</c>, and only once a build has run for 250 ms,
/// so a no-op build never draws it. The owner (<see cref="ConsoleReporter"/>) clears it around every other line it
/// writes, under its lock, so that it never mixes with diagnostics.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);
    private readonly TextWriter _err;
    private readonly Lock _lock;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<string> _compiling = new(StringComparer.Ordinal);
    private readonly Timer _timer;
    private int _total, _done, _cached;
    private bool _shown, _stopped;

    private ProgressLine(TextWriter err, Lock gate)
    {
        _err = err;
        _lock = gate;
        _timer = new Timer(_ => Tick(), null, Delay, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>A progress line on <paramref name="err"/> when it is an interactive terminal; otherwise null.</summary>
    public static ProgressLine? ForTerminal(TextWriter err, Lock gate) =>
        Terminal.IsErrorTerminal(err) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb" ? new ProgressLine(err, gate) : null;

    /// <summary>The plan's compile count.</summary>
    public void Planned(int compiles)
    {
        lock (_lock) _total = compiles;
    }

    /// <summary>A compile (maybe a cache hit) started.</summary>
    public void Started(BuildAction action)
    {
        if (action is not CompileAction c) return;
        lock (_lock) _compiling.Add(c.Package.Dir);
    }

    /// <summary>A compile ended.</summary>
    public void Finished(BuildAction action, ActionResult result)
    {
        if (action is not CompileAction c) return;
        lock (_lock)
        {
            _compiling.Remove(c.Package.Dir);
            _done++;
            if (result is CompileResult { Assembly.FromCache: true }) _cached++;
        }
    }

    /// <summary>Erases the line before another is written (call with the lock held).</summary>
    public void Clear()
    {
        if (!_shown) return;
        _err.Write("\r\x1b[2K");
        _err.Flush();
        _shown = false;
    }

    /// <summary>Draws the line again after another was written (call with the lock held).</summary>
    public void Redraw()
    {
        if (_stopped || _total == 0 || _clock.Elapsed < Delay) return; // nothing to show before the plan
        var compiling = _compiling.Count == 0 ? "" : $" · compiling {string.Join(", ", _compiling.Order(StringComparer.Ordinal).Take(2))}{(_compiling.Count > 2 ? $" +{_compiling.Count - 2}" : "")}";
        var text = $"[{_done}/{Math.Max(_total, _done)}]{compiling} · {_cached} cached · {_clock.Elapsed.TotalSeconds:F1}s";
        var width = Math.Max(20, Terminal.Width - 1);
        if (text.Length > width) text = text[..(width - 1)] + "…";
        _err.Write("\r\x1b[2K" + text);
        _err.Flush();
        _shown = true;
    }

    /// <summary>Stops drawing and erases the line, for good.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Clear();
        }
        _timer.Dispose();
    }

    private void Tick()
    {
        lock (_lock)
        {
            try
            {
                Redraw();
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException)
            {
                // The terminal (a server client's stream) went away: nothing more to draw on.
                _stopped = true;
            }
        }
    }
}
