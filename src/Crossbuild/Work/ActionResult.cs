using Crossbuild.Outputs;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>What an action produced.</summary>
public abstract record ActionResult
{
    /// <summary>Whether the action succeeded.</summary>
    public abstract bool Succeeded { get; }
}

/// <summary>An action that did not run because an input failed.</summary>
public sealed record SkippedResult : ActionResult
{
    /// <summary>The shared instance.</summary>
    public static readonly SkippedResult Instance = new();

    /// <inheritdoc/>
    public override bool Succeeded => false;
}

/// <summary>A compile's assembly (or its failure and diagnostics).</summary>
/// <param name="Assembly">The compiled assembly.</param>
public sealed record CompileResult(CompiledAssembly Assembly) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => Assembly.Succeeded;
}

/// <summary>An executable's files, by file name; the launcher is <see cref="AppFiles.AppHost"/>.</summary>
/// <param name="Files">The files.</param>
public sealed record LinkResult(AppFiles Files) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>The paths an install wrote or found already up to date.</summary>
/// <param name="AppHostPath">The launcher's path.</param>
/// <param name="Paths">Every file of the executable.</param>
public sealed record InstallResult(string AppHostPath, IReadOnlyList<string> Paths) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>A prune's outcome: the directory's stale files are gone.</summary>
public sealed record PruneResult : ActionResult
{
    /// <summary>The shared instance.</summary>
    public static readonly PruneResult Instance = new();

    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>A native step's output: a ReadyToRun image.</summary>
/// <param name="Image">The image's bytes.</param>
public sealed record NativeImageResult(byte[] Image) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>A trim's output: the assemblies (and their PDBs) it kept, by their path in the app's folder.</summary>
/// <param name="Kept">The trimmed files' bytes, by output path (<c>System.Console.dll</c>, <c>app.pdb</c>).</param>
public sealed record TrimResult(IReadOnlyDictionary<string, byte[]> Kept) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>A composite ReadyToRun compile's output: the composite image and the components that replace the app's assemblies.</summary>
/// <param name="Images">The images' bytes, by output path (<c>app.r2r.dll</c>, <c>System.Console.dll</c>).</param>
public sealed record CompositeResult(IReadOnlyDictionary<string, byte[]> Images) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}

/// <summary>A Native AOT compile's output: the executable and its debug symbols.</summary>
/// <param name="Executable">The native executable.</param>
/// <param name="Symbols">
/// Its debug symbols by path beside it: <c>&lt;app&gt;.dbg</c> on Linux, the files of <c>&lt;app&gt;.dSYM</c> on
/// macOS, <c>&lt;app&gt;.pdb</c> on Windows.
/// </param>
public sealed record AotResult(byte[] Executable, IReadOnlyList<OutputFile> Symbols) : ActionResult
{
    /// <inheritdoc/>
    public override bool Succeeded => true;
}
