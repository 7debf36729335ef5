using Crossbuild.Diagnostics;

namespace Crossbuild.Targets;

/// <summary>
/// What an executable is written as, beyond its target: the flags <c>--self-contained</c>, <c>--single-file</c>,
/// <c>--readytorun</c>, <c>--trim</c> and <c>--aot</c>, or a matrix cell's <c>outputs</c> entry. Which combinations
/// are allowed is decided here only (<see cref="Check"/>), for the CLI, the hosts and the matrix alike.
/// </summary>
/// <param name="SelfContained">The app carries the runtime pack.</param>
/// <param name="SingleFile">The app is one file in the .NET bundle format.</param>
/// <param name="ReadyToRun">Each of the app's assemblies is precompiled for the target runtime with crossgen2.</param>
/// <param name="Trim">The app and its runtime are trimmed with illink (self-contained only).</param>
/// <param name="Aot">The app is one native executable built by ILCompiler (Native AOT): no runtime, no IL.</param>
public sealed record OutputMode(bool SelfContained = false, bool SingleFile = false, bool ReadyToRun = false, bool Trim = false, bool Aot = false)
{
    /// <summary>The plain output: framework-dependent IL with a launcher, as <c>dotnet build</c> writes.</summary>
    public static readonly OutputMode Default = new();

    /// <summary>The flag names, in the order <see cref="Flags"/> lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["self-contained", "single-file", "readytorun", "trim", "aot"];

    /// <summary>The flags that are on, by their CLI names (without <c>--</c>).</summary>
    public IReadOnlyList<string> Flags =>
        Names.Where((_, i) => i switch { 0 => SelfContained, 1 => SingleFile, 2 => ReadyToRun, 3 => Trim, _ => Aot }).ToArray();

    /// <summary>Whether the app carries a runtime (self-contained, trimmed or Native AOT) and so a RID-specific deps.json.</summary>
    public bool CarriesRuntime => SelfContained || Aot;

    /// <summary>
    /// Whether ReadyToRun makes one composite image of the app and its runtime rather than one image per assembly:
    /// the SDK's default for a self-contained single-file app (<c>PublishReadyToRunComposite</c>, .NET 7 and later).
    /// </summary>
    public bool ReadyToRunComposite(TargetFramework framework) =>
        ReadyToRun && SelfContained && SingleFile && framework.IsNetCoreApp && framework.Version.Major >= 7;

    /// <summary>Whether no flag is on.</summary>
    public bool IsDefault => this == Default;

    /// <summary>Every flag that is on in either.</summary>
    public OutputMode Union(OutputMode other) => new(SelfContained || other.SelfContained, SingleFile || other.SingleFile,
        ReadyToRun || other.ReadyToRun, Trim || other.Trim, Aot || other.Aot);

    /// <summary>
    /// The mode named by <paramref name="flags"/> (CLI names without <c>--</c>); an unknown name is the error
    /// <paramref name="bad"/> makes of a message.
    /// </summary>
    public static OutputMode Parse(IEnumerable<string> flags, Func<string, Exception> bad)
    {
        var mode = Default;
        foreach (var flag in flags)
            mode = flag switch
            {
                "self-contained" => mode with { SelfContained = true },
                "single-file" => mode with { SingleFile = true },
                "readytorun" => mode with { ReadyToRun = true },
                "trim" => mode with { Trim = true },
                "aot" => mode with { Aot = true },
                _ => throw bad($"unknown output \"{flag}\"; expected {string.Join(", ", Names)}"),
            };
        return mode;
    }

    /// <summary>Why this combination cannot be built, or null when it can.</summary>
    public string? Problem() =>
        Aot && SingleFile ? "aot and single-file do not combine: a Native AOT app is already one file"
        : Aot && ReadyToRun ? "aot and readytorun do not combine: a Native AOT app has no IL to precompile"
        : Aot && Trim ? null // Native AOT always trims; saying so is allowed
        : Trim && !SelfContained ? "trim needs self-contained: a framework-dependent app runs on the shared framework, which cannot be trimmed"
        : null;

    /// <summary>
    /// Throws the one-line error for a combination that cannot be built: a <see cref="UsageException"/> naming the
    /// flags when <paramref name="where"/> is empty, else an error prefixed by it (a matrix cell).
    /// </summary>
    public OutputMode Check(string where) =>
        Problem() is not { } problem ? this
        : where.Length == 0 ? throw new UsageException(FlagProblem(problem))
        : throw new CrossbuildException($"{where}{problem}");

    // The same rule, in the flags' own words.
    private static string FlagProblem(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, @"^(\w[\w-]*) and ([\w-]+) do not combine", "--$1 and --$2 do not combine")
            .Replace("trim needs self-contained", "--trim needs --self-contained");

    /// <summary>The flags joined by <c>+</c>, or <c>default</c>: a matrix folder's suffix and the stamp's line.</summary>
    public override string ToString() => IsDefault ? "default" : string.Join('+', Flags);
}
