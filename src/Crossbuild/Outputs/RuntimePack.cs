using System.Xml.Linq;
using Crossbuild.Diagnostics;

namespace Crossbuild.Outputs;

/// <summary>A file of a runtime pack, as its <c>data/RuntimeList.xml</c> lists it.</summary>
/// <param name="Native">Whether it is a native file (else a managed assembly).</param>
/// <param name="Path">The full path of the file in the pack.</param>
/// <param name="AssemblyVersion">The assembly version (managed files).</param>
/// <param name="FileVersion">The file version.</param>
/// <param name="DropFromSingleFile">Whether a single-file app leaves it out (it is linked into singlefilehost).</param>
public sealed record RuntimePackFile(bool Native, string Path, string? AssemblyVersion, string FileVersion, bool DropFromSingleFile = false)
{
    /// <summary>The file's name, which is its name in a self-contained app's folder.</summary>
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// A <c>Microsoft.NETCore.App.Runtime.&lt;rid&gt;</c> pack: what a self-contained app carries. Its files, versions and
/// order come from the pack's <c>data/RuntimeList.xml</c>, as the SDK reads them.
/// </summary>
/// <param name="Rid">The runtime identifier.</param>
/// <param name="Version">The pack's version, which is the runtime's.</param>
/// <param name="Files">The files, in the list's order.</param>
public sealed record RuntimePack(string Rid, string Version, IReadOnlyList<RuntimePackFile> Files)
{
    /// <summary>The shared framework the pack carries (Microsoft.NETCore.App, Microsoft.AspNetCore.App).</summary>
    public string Framework { get; init; } = Targets.SharedFramework.NetCore.Name;

    /// <summary>The library name deps.json gives the pack.</summary>
    public string LibraryName => $"runtimepack.{Framework}.Runtime.{Rid}";

    // An extracted pack's folder is its version's and never changes: each is read once per process (the build
    // server's too), not once per link and native step.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RuntimePack> Read_ = new(StringComparer.Ordinal);

    /// <summary>Reads the pack of <paramref name="framework"/> extracted at <paramref name="packDir"/>.</summary>
    public static RuntimePack Read(string packDir, string rid, string? framework = null)
    {
        var key = $"{packDir}|{rid}|{framework}";
        if (Read_.TryGetValue(key, out var known)) return known;
        var pack = ReadUncached(packDir, rid, framework);
        Read_.TryAdd(key, pack);
        return pack;
    }

    private static RuntimePack ReadUncached(string packDir, string rid, string? framework)
    {
        var list = System.IO.Path.Combine(packDir, "data", "RuntimeList.xml");
        if (!File.Exists(list))
            throw new CrossbuildException($"runtime pack {packDir} has no data/RuntimeList.xml");
        var files = XDocument.Load(list).Root!.Elements("File")
            .Select(f => new RuntimePackFile(
                (string?)f.Attribute("Type") == "Native",
                System.IO.Path.Combine(packDir, ((string?)f.Attribute("Path") ?? "").Replace('/', System.IO.Path.DirectorySeparatorChar)),
                (string?)f.Attribute("AssemblyVersion"),
                (string?)f.Attribute("FileVersion") ?? "0.0.0.0",
                (string?)f.Attribute("DropFromSingleFile") == "true"))
            .ToArray();
        return new RuntimePack(rid, System.IO.Path.GetFileName(packDir.TrimEnd('/', '\\')), files)
        {
            Framework = framework ?? Targets.SharedFramework.NetCore.Name,
        };
    }
}
