using Crossbuild.Cache;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Outputs;
using Crossbuild.Plan;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>
/// Runs a <see cref="ReadyToRunAction"/> through the cache: the key is the input's bytes, its references' bytes or
/// package identities, the runtime packs', the tool's version and the target; a hit reads the image, a miss runs
/// crossgen2 on files in a private folder and stores what it wrote.
/// </summary>
internal sealed class ReadyToRunStep(BuildCache cache, bool force, IBuildReporter reporter)
{
    private const string Role = "r2r";

    /// <summary>The cache key of <paramref name="action"/>: computed from local data only.</summary>
    public static string Key(ReadyToRunAction action, Func<CompileAction, CompiledAssembly> compiled)
    {
        var id = new ActionIdBuilder()
            .Add("action", "readytorun v1")
            .Add("tool", $"{Crossgen2.PackName}/{action.ToolVersion}")
            .Add("target", $"{Crossgen2.TargetOs(action.Target.Runtime)}-{Crossgen2.TargetArch(action.Target.Runtime)} -O");
        id.Add("input", action.Compile is { } c ? $"{c.Package.Name}.dll {compiled(c).ImplementationHash}" : action.Package!.Identity);
        foreach (var r in action.References) id.Add("reference", $"{r.Package.Name}.dll {compiled(r).ImplementationHash}");
        foreach (var p in action.PackageReferences) id.Add("package", p.Identity);
        foreach (var (name, version) in action.Frameworks) id.Add("framework", $"{name}.Runtime.{action.Target.Runtime}/{version}");
        return id.Id;
    }

    /// <summary>The ReadyToRun image for <paramref name="action"/>.</summary>
    public byte[] Run(ReadyToRunAction action, Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        // A package file crossgen2 cannot or need not compile is carried as it is, as the SDK's
        // PrepareForReadyToRunCompilation leaves it.
        if (action.Package is { } package && !Eligible(package.FullPath)) return File.ReadAllBytes(package.FullPath);
        var id = Key(action, compiled);
        var hit = NativeWork.Cached(cache, force, reporter, id, entry =>
        {
            var image = cache.Read(entry.Outputs.FirstOrDefault(o => o.Role == Role) ?? throw new CacheCorruptException("cache entry has no " + Role));
            Report(action, entry.Diagnostics);
            return image;
        }, "precompiling again");
        if (hit is not null) return hit;
        reporter.Running(action);
        var (fresh, warnings) = Compile(action, compiled, cancel);
        cache.Put(id, [(Role, fresh)], warnings, []);
        Report(action, warnings);
        return fresh;
    }

    /// <summary>
    /// Whether crossgen2 precompiles the assembly at <paramref name="path"/> on its own: IL-only, not already
    /// ReadyToRun, not a reference assembly, with method bodies.
    /// </summary>
    public static bool Eligible(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var cor = pe.PEHeaders.CorHeader;
            if (cor is null || !pe.HasMetadata) return false;
            if ((cor.Flags & System.Reflection.PortableExecutable.CorFlags.ILOnly) == 0) return false;
            if (cor.ManagedNativeHeaderDirectory.Size != 0) return false;
            var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            // As PrepareForReadyToRunCompilation: a reference assembly, a WinMD user or one with no method bodies (a
            // facade of forwarders) is a reference, not compiled.
            if (IsReferenceAssembly(md)) return false;
            foreach (var handle in md.AssemblyReferences)
                if ((md.GetAssemblyReference(handle).Flags & System.Reflection.AssemblyFlags.WindowsRuntime) != 0) return false;
            return md.MethodDefinitions.Any(m => md.GetMethodDefinition(m).RelativeVirtualAddress > 0);
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="md"/> is a reference assembly (<c>[ReferenceAssembly]</c>).</summary>
    public static bool IsReferenceAssembly(System.Reflection.Metadata.MetadataReader md)
    {
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == System.Reflection.Metadata.HandleKind.MemberReference &&
                md.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor).Parent is { Kind: System.Reflection.Metadata.HandleKind.TypeReference } parent &&
                md.GetString(md.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)parent).Name) == "ReferenceAssemblyAttribute")
                return true;
        }
        return false;
    }

    private void Report(ReadyToRunAction action, IReadOnlyList<BuildDiagnostic> warnings)
    {
        if (warnings.Count == 0) return;
        if (action.Compile is { } c) reporter.Diagnostics(c.Package, warnings);
        else foreach (var w in warnings) reporter.Notice(w.Format(""));
    }

    private static (byte[] Image, IReadOnlyList<BuildDiagnostic> Warnings) Compile(ReadyToRunAction action, Func<CompileAction, CompiledAssembly> compiled, CancellationToken cancel)
    {
        var framework = action.Target.Framework;
        var root = action.ConfigRoot;
        var tool = Crossgen2.Tool(framework, root);
        var rid = action.Target.Runtime.Value;
        return NativeWork.InTemporaryFolder("crossbuild-r2r-", work =>
        {
            var references = new List<string>();
            var fresh = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var r in action.References)
            {
                var path = NativeWork.Write(Path.Combine(work, "ref"), compiled(r), withPdb: false);
                fresh[path] = compiled(r).Image;
                references.Add(path);
            }
            references.AddRange(action.PackageReferences.Select(p => p.FullPath));
            foreach (var (name, _) in action.Frameworks)
            {
                var pack = RuntimePack.Read(Packs.FindOrFetch($"{name}.Runtime.{rid}", framework, root), rid, name);
                references.AddRange(pack.Files.Where(f => !f.Native && f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(f => f.Path));
            }
            var input = action.Compile is { } c ? NativeWork.Write(Path.Combine(work, "in"), compiled(c), withPdb: false) : action.Package!.FullPath;
            references = [.. ReferenceClosure.Of(action.Compile is { } ic ? compiled(ic).Image : File.ReadAllBytes(input), references, fresh)];
            var output = Path.Combine(work, "out", Path.GetFileName(action.OutputPath));
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var what = action.Describe();
            var run = ToolProcess.Run(tool, Crossgen2.Arguments(action.Target.Runtime, references, output, input), what, cancel);
            var said = Crossgen2.Said(run);
            if (run.ExitCode != 0 || !File.Exists(output)) throw NativeWork.Failed(what, "crossgen2", run with { Output = said }, []);
            var origin = action.Compile?.Package.Dir ?? action.Package!.OutputPath;
            var warnings = Crossgen2.Warnings(said, origin);
            return (File.ReadAllBytes(output), (IReadOnlyList<BuildDiagnostic>)warnings);
        });
    }
}
