namespace Crossbuild.Tests.Support;

/// <summary>A test that gives the CLI a pseudo-terminal through util-linux <c>script</c>; skipped where it is missing.</summary>
public sealed class TerminalFactAttribute : FactAttribute
{
    /// <summary>The <c>script</c> program.</summary>
    public const string Script = "/usr/bin/script";

    public TerminalFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Script)) Skip = $"needs {Script} (util-linux) for a pseudo-terminal";
    }
}
