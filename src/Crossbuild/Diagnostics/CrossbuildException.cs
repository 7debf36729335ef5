namespace Crossbuild.Diagnostics;

/// <summary>
/// A user-facing error: bad input, a bad manifest, an invalid constraint and so on.
/// Hosts print <see cref="Exception.Message"/> as one line, without a stack trace, and exit non-zero.
/// </summary>
public class CrossbuildException : Exception
{
    /// <summary>Creates an error with a message that already names what and where.</summary>
    public CrossbuildException(string message) : base(message) { }

    /// <summary>Creates an error that wraps the exception that caused it.</summary>
    public CrossbuildException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates an error at a position in a file, formatted as <c>file:line:col: message</c>.</summary>
    public static CrossbuildException At(string file, int line, int column, string message) =>
        new($"{file}:{line}:{column}: {message}");
}
