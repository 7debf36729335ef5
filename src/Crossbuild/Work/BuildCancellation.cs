namespace Crossbuild.Work;

/// <summary>
/// The cancellation of the builds a host starts in one logical flow (the build server cancels a command whose client
/// went away). The executor stops starting actions and cancels the compiles in progress; the test runner stops its
/// test processes. Nothing half-done is stored: cache entries and outputs are written whole or not at all.
/// </summary>
public static class BuildCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    /// <summary>The token of the current flow (none outside a <see cref="Use"/> scope).</summary>
    public static CancellationToken Token => Ambient.Value;

    /// <summary>Makes <paramref name="token"/> cancel the builds this flow starts until the scope is disposed.</summary>
    public static IDisposable Use(CancellationToken token)
    {
        var previous = Ambient.Value;
        Ambient.Value = token;
        return new Scope(previous);
    }

    private sealed class Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
