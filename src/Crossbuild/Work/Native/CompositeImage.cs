using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Work.Native;

/// <summary>
/// A composite ReadyToRun image, as the SDK makes one for a self-contained single-file app
/// (<c>PublishReadyToRunComposite</c>): crossgen2 <c>--composite</c> over every assembly of the app, the runtime's
/// too, writes one native image <c>&lt;app&gt;.r2r.dll</c> with the code of all, and each input again as a
/// component whose ReadyToRun header points at it.
/// </summary>
internal static class CompositeImage
{
    /// <summary>The composite image's file name for the app <paramref name="appName"/> (the SDK's <c>&lt;app&gt;.r2r.dll</c>).</summary>
    public static string FileName(string appName) => appName + ".r2r.dll";

    /// <summary>
    /// How the SDK's <c>PrepareForReadyToRunCompilation</c> takes <paramref name="path"/> into a composite build: an
    /// IL-only or separately precompiled implementation assembly is an input (forwarders too); a mixed-mode one only a
    /// reference; anything else (a reference assembly, not an assembly) neither.
    /// </summary>
    public static (bool Input, bool Reference) Eligibility(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || pe.PEHeaders.CorHeader is not { } cor) return (false, false);
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly || ReadyToRunStep.IsReferenceAssembly(md)) return (false, false);
            if ((cor.Flags & CorFlags.ILOnly) != 0) return (true, false);
            var separatelyPrecompiled = (cor.Flags & CorFlags.ILLibrary) != 0 && cor.ManagedNativeHeaderDirectory.Size != 0;
            return separatelyPrecompiled ? (true, false) : (false, true);
        }
        catch (BadImageFormatException)
        {
            return (false, false);
        }
    }

    /// <summary>
    /// Compiles <paramref name="assemblies"/> (the app's, by path) into one composite for <paramref name="rid"/> in
    /// <paramref name="work"/>: the images by file name, the composite's among them, and crossgen2's warnings.
    /// </summary>
    public static (Dictionary<string, byte[]> Images, IReadOnlyList<BuildDiagnostic> Warnings) Compile(string tool, RuntimeId rid, string appName,
        IReadOnlyList<string> assemblies, string work, string what, string origin, CancellationToken cancel)
    {
        var inputs = new List<string>();
        var references = new List<string>();
        foreach (var path in assemblies)
        {
            var (input, reference) = Eligibility(path);
            if (input) inputs.Add(path);
            else if (reference) references.Add(path);
        }
        var output = Path.Combine(work, "composite");
        Directory.CreateDirectory(output);
        var composite = Path.Combine(output, FileName(appName));
        var rsp = Path.Combine(work, appName + ".composite.rsp");
        File.WriteAllLines(rsp, Crossgen2.CompositeArguments(rid, references, composite, inputs));
        var run = ToolProcess.Run(tool, ["@" + rsp], what, cancel);
        var said = Crossgen2.Said(run);
        if (run.ExitCode != 0 || !File.Exists(composite)) throw NativeWork.Failed(what, "crossgen2", run with { Output = said }, []);
        var images = Directory.GetFiles(output).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.OrdinalIgnoreCase);
        var warnings = Crossgen2.Warnings(said, origin);
        return (images, warnings);
    }
}
