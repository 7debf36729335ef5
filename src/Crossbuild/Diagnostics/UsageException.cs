namespace Crossbuild.Diagnostics;

/// <summary>
/// A user error in how a command's flags or settings combine (<c>--trim</c> without <c>--self-contained</c>): the
/// engine decides it, and the CLI reports it as a usage error (exit code 2).
/// </summary>
public sealed class UsageException(string message) : CrossbuildException(message);
