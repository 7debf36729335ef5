namespace Crossbuild.Diagnostics;

/// <summary>
/// A user-facing error: bad input, a bad manifest, an invalid constraint and so on.
/// Hosts print <see cref="Exception.Message"/> as one line, without a stack trace, and exit non-zero.
/// </summary>
public class CrossbuildException : Exception
{
    /// <summary>Creates an error with a message that already names what and where.</summary>
    public CrossbuildException(string message) : base(OneLine(message)) { }

    /// <summary>Creates an error that wraps the exception that caused it.</summary>
    public CrossbuildException(string message, Exception inner) : base(OneLine(message), inner) { }

    /// <summary>
    /// <paramref name="message"/> as one line: messages quote user input (a field name, a flag's value), so line
    /// breaks and other control characters in it are escaped as <c>\n</c>, <c>\u0000</c>, ….
    /// </summary>
    public static string OneLine(string message)
    {
        if (!message.Any(char.IsControl)) return message;
        var sb = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return sb.ToString();
    }

    /// <summary>Creates an error at a position in a file, formatted as <c>file:line:col: message</c>.</summary>
    public static CrossbuildException At(string file, int line, int column, string message) =>
        new($"{file}:{line}:{column}: {message}");
}
