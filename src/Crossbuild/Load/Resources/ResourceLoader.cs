using Crossbuild.Common;
using Crossbuild.Diagnostics;

namespace Crossbuild.Load.Resources;

/// <summary>
/// The load stage's part for resources: which files a package embeds (its .resx files, minus excluded ones, and its
/// <c>embed</c> entries), their names and cultures as the SDK gives them, and their content hashes for the compile's
/// identity, through the facts cache so that a no-op build only stats them.
/// </summary>
internal static class ResourceLoader
{
    /// <summary>The resources of one package, in the order the SDK passes them: .resx files by path, then embeds.</summary>
    public static IReadOnlyList<EmbeddedResource> Collect(DiscoveredPackage found, PackageManifest manifest, string rootNamespace,
        Module module, FactsCache? facts, ISet<string> liveKeys)
    {
        if (found.Resx.Count == 0 && manifest.Embeds.Count == 0) return [];
        var excludes = module.Manifest.Sources.Exclude.Select(g => (g, module.Root))
            .Concat(manifest.Sources.Exclude.Select(g => (g, found.FullDir))).ToArray();
        bool Excluded(string full) => excludes.Any(x => SourceGlobs.Matches(x.g, x.Item2, module.Root, full));
        var result = new List<EmbeddedResource>();
        foreach (var rel in found.Resx)
        {
            var full = Path.GetFullPath(Path.Combine(found.FullDir, rel));
            if (!Excluded(full)) result.Add(Resource(found, rel, full, ResourceKind.Resx, null, rootNamespace, module, facts, liveKeys));
        }
        foreach (var item in manifest.Embeds)
        {
            var files = SourceGlobs.Files(item.Glob, found.FullDir, module.Root, "embed");
            foreach (var full in files.Where(f => !Excluded(f)))
            {
                var rel = Path.GetRelativePath(found.FullDir, full).Replace('\\', '/');
                result.Add(Resource(found, rel, full, ResourceKind.File, item.Name, rootNamespace, module, facts, liveKeys));
            }
        }
        foreach (var dup in result.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new CrossbuildException($"{found.Dir}: resources {string.Join(" and ", dup.Select(r => r.File))} are both named \"{dup.Key}\"");
        return result;
    }

    private static EmbeddedResource Resource(DiscoveredPackage found, string rel, string full, ResourceKind kind, string? logicalName,
        string rootNamespace, Module module, FactsCache? facts, ISet<string> liveKeys)
    {
        // A file from outside the package is named by its file name alone, as MSBuild names a file outside the cone.
        var nameFile = rel.StartsWith("../", StringComparison.Ordinal) ? Path.GetFileName(rel) : rel;
        var culture = ResourceNaming.Culture(nameFile);
        var (fileHash, linked) = HashOf(full, kind, module, facts, liveKeys);
        var hash = fileHash;
        var linkedHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (linked.Count > 0)
        {
            var id = new ActionIdBuilder().Add("resx", fileHash);
            foreach (var l in linked)
            {
                linkedHashes[l] = HashOf(l, ResourceKind.File, module, facts, liveKeys).Hash;
                id.Add("linked", l + " " + linkedHashes[l]);
            }
            hash = id.Id;
        }
        string name;
        if (logicalName is not null) name = logicalName;
        else
        {
            var className = kind == ResourceKind.Resx ? DependentUponClass(full, culture) : null;
            name = ResourceNaming.ManifestName(rootNamespace, nameFile, culture, kind == ResourceKind.Resx, className) +
                   (kind == ResourceKind.Resx ? ".resources" : "");
        }
        return new EmbeddedResource(rel, kind, name, culture, fileHash, hash) { Linked = linked, LinkedHashes = linkedHashes };
    }

    // The SDK's EmbeddedResourceUseDependentUponConvention: Form1.resx (or Form1.de.resx) beside Form1.cs takes the
    // name of the first class in Form1.cs.
    private static string? DependentUponClass(string resx, string? culture)
    {
        var baseName = Path.GetFileNameWithoutExtension(resx);
        if (culture is not null) baseName = baseName[..^(culture.Length + 1)];
        var cs = Path.Combine(Path.GetDirectoryName(resx)!, baseName + ".cs");
        if (!File.Exists(cs)) return null;
        try
        {
            return FirstClassName.Find(SourceFile.Decode(File.ReadAllBytes(cs)).Text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrossbuildException($"{cs}: cannot read: {e.Message}");
        }
    }

    // A file's hash through the facts cache; for a .resx also the files it links (kept beside it, one per line).
    private static (string Hash, IReadOnlyList<string> Linked) HashOf(string full, ResourceKind kind, Module module, FactsCache? facts, ISet<string> liveKeys)
    {
        Func<byte[], string>? linked = kind == ResourceKind.Resx
            ? bytes => string.Join('\n', ResxFile.Parse(bytes, full).LinkedFiles.Distinct(StringComparer.Ordinal))
            : null;
        if (InputFiles.Hash(full, module.Root, facts, liveKeys, linked) is not { } known)
            return ("absent", []); // a linked file that is missing: the compile says where
        return (known.Hash, known.Extra.Length > 0 ? known.Extra.Split('\n') : []);
    }
}
