using Crossbuild.Diagnostics;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>
/// Runs an action graph: each action after its inputs, at most <c>jobs</c> at once, independent actions in
/// parallel. An action whose input failed is skipped. This is the only place actions are run.
/// </summary>
public sealed class Executor(int jobs, IBuildReporter reporter, Cache.BuildCache cache, bool force = false)
{
    private readonly PrioritySlots _slots = new(jobs);
    // The worker lanes a running action holds, for reporters that draw the build on a timeline.
    private readonly System.Collections.Concurrent.ConcurrentStack<int> _lanes = new(Enumerable.Range(1, Math.Max(1, jobs)).Reverse());
    private CompileStep _compile = new(cache, force, reporter);
    private readonly Native.ReadyToRunStep _readyToRun = new(cache, force, reporter);
    private readonly Native.TrimStep _trim = new(cache, force, reporter);
    private readonly Native.AotStep _aot = new(cache, force, reporter);
    private readonly Native.CompositeStep _composite = new(cache, force, reporter);
    private Cache.Remote.RemoteCache? _remote;
    private readonly Dictionary<BuildAction, Task<ActionResult>> _tasks = new(ReferenceEqualityComparer.Instance);
    // Set by a host whose caller went away (BuildCancellation): no action starts after it, compiles stop.
    private readonly CancellationToken _cancel = BuildCancellation.Token;

    /// <summary>The shared remote cache behind the local one, if any: compiles fill from it and upload to it.</summary>
    internal Cache.Remote.RemoteCache? Remote
    {
        get => _remote;
        init
        {
            _remote = value;
            _compile = new CompileStep(cache, force, reporter, value);
        }
    }

    /// <summary>Runs <paramref name="roots"/> and everything they need; returns every action's result.</summary>
    public IReadOnlyDictionary<BuildAction, ActionResult> Run(IReadOnlyList<BuildAction> roots)
    {
        Task<ActionResult>[] all;
        lock (_tasks)
            all = roots.Select(Schedule).ToArray();
        try
        {
            Task.WaitAll(all);
        }
        catch (AggregateException) when (_cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(_cancel);
        }
        catch (AggregateException e)
        {
            // A user error (a missing pack, an unwritable output) is reported once, as itself.
            var inner = e.Flatten().InnerExceptions;
            var first = inner.OfType<CrossbuildException>().FirstOrDefault() ?? inner[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        lock (_tasks)
            return _tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result, (IEqualityComparer<BuildAction>)ReferenceEqualityComparer.Instance);
    }

    // Compiles first: everything else waits for them. ReadyToRun images last: each holds up only its own app's link,
    // and there are many (one per assembly and runtime), which must not starve the compiles behind them.
    private static int Priority(BuildAction action) => action switch
    {
        CompileAction => 0,
        ReadyToRunAction => 2,
        _ => 1,
    };

    // Called with the lock held: creates the action's task once, after its inputs' tasks.
    private Task<ActionResult> Schedule(BuildAction action)
    {
        if (_tasks.TryGetValue(action, out var existing)) return existing;
        var inputs = action.Inputs.Select(Schedule).ToArray();
        var task = Task.WhenAll(inputs).ContinueWith(async done =>
        {
            // Only the action that threw is faulted; what depends on it is skipped.
            if (done.IsFaulted || done.IsCanceled || done.Result.Any(r => !r.Succeeded)) return SkippedResult.Instance;
            // A remote fetch waits for the network outside the worker slots, so downloads overlap compiles.
            if (_remote is not null && action is CompileAction fill)
                await _compile.FillAsync(fill, fill.References.Select(Compiled).ToArray(), fill.Analyzers.Select(Compiled).ToArray()).ConfigureAwait(false);
            await _slots.WaitAsync(Priority(action), _cancel).ConfigureAwait(false);
            if (_cancel.IsCancellationRequested)
            {
                _slots.Release();
                _cancel.ThrowIfCancellationRequested();
            }
            _lanes.TryPop(out var lane);
            try
            {
                reporter.ActionStarted(action, lane);
                var result = Execute(action);
                reporter.ActionFinished(action, result, lane);
                return result;
            }
            finally
            {
                _lanes.Push(lane);
                _slots.Release();
            }
        }, TaskScheduler.Default).Unwrap();
        _tasks[action] = task;
        return task;
    }

    private ActionResult Result(BuildAction action)
    {
        lock (_tasks)
            return _tasks[action].Result;
    }

    private CompiledAssembly Compiled(CompileAction action) => ((CompileResult)Result(action)).Assembly;

    private ActionResult Execute(BuildAction action)
    {
        switch (action)
        {
            case CompileAction compile:
                return new CompileResult(_compile.Run(compile, compile.References.Select(Compiled).ToArray(), compile.Analyzers.Select(Compiled).ToArray(), _cancel));
            case ReadyToRunAction readyToRun:
                return new NativeImageResult(_readyToRun.Run(readyToRun, Compiled, _cancel));
            case TrimAction trim:
                return _trim.Run(trim, Compiled, _cancel);
            case AotAction aot:
                return _aot.Run(aot, Compiled, _cancel);
            case CompositeAction composite:
                return _composite.Run(composite, Compiled, _cancel);
            case LinkAction { Aot: { } native } link:
                return new LinkResult(Linker.LinkNative(link, (AotResult)Result(native)));
            case LinkAction link:
                return new LinkResult(Linker.Link(link, Compiled,
                    link.Composite is { } c ? ((CompositeResult)Result(c)).Images
                        : link.ReadyToRun.ToDictionary(r => r.OutputPath, r => ((NativeImageResult)Result(r)).Image, StringComparer.OrdinalIgnoreCase),
                    link.Trim is { } t ? ((TrimResult)Result(t)).Kept : null));
            case InstallAction install:
                // -x shows an install only when it changes a file.
                var reported = false;
                return Installer.Install(install, ((LinkResult)Result(install.App)).Files, path =>
                {
                    if (!reported) reporter.Running(install);
                    reported = true;
                    reporter.Wrote(path);
                }, new Outputs.CopyLedger(cache, install.Directory));
            case PruneAction prune:
                var current = prune.Installs.ToDictionary(i => i.App.Main.Package.Dir + " " + i.AppHostName,
                    i => ((InstallResult)Result(i)).Paths, StringComparer.Ordinal);
                foreach (var removed in Outputs.OutputLedger.Prune(cache, prune.Directory, current))
                    reporter.Removed(removed);
                return PruneResult.Instance;
            default:
                throw new InvalidOperationException($"no runner for {action.GetType().Name}");
        }
    }
}
