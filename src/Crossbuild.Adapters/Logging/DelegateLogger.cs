using Microsoft.Extensions.Logging;

namespace Crossbuild.Adapters.Logging;

/// <summary>
/// An <see cref="ILogger"/> over two functions, for hosts whose own types must not implement Microsoft.Extensions'
/// interfaces: the Cake addin, whose types the Cake runner reflects over before the engine's copy of that assembly
/// can be found (<c>src/Crossbuild.Cake/Addin/EngineContext.cs</c>).
/// </summary>
/// <param name="isEnabled">Whether a level is written.</param>
/// <param name="write">Writes one formatted message at a level.</param>
public sealed class DelegateLogger(Func<LogLevel, bool> isEnabled, Action<LogLevel, string> write) : ILogger
{
    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && isEnabled(logLevel);

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) write(logLevel, formatter(state, exception));
    }
}
