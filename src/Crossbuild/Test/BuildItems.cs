using System.Xml.Linq;
using NuGet.Frameworks;

namespace Crossbuild.Test;

/// <summary>A Testing Platform builder hook a package's MSBuild files declare (<c>TestingPlatformBuilderHook</c> items).</summary>
/// <param name="Uid">The hook's stable identifier (the item's Include).</param>
/// <param name="TypeFullName">The static class whose <c>AddExtensions(builder, args)</c> registers the extension.</param>
public sealed record BuilderHook(string Uid, string TypeFullName);

/// <summary>
/// What the test frameworks' MSBuild files (a package's <c>buildTransitive/</c>, else <c>build/</c>, for the nearest
/// framework) add to a test project, read statically: the Testing Platform builder hooks, the assemblies they reference
/// by <c>HintPath</c> and the files they copy to the output folder. Crossbuild evaluates no MSBuild: a hint path's
/// directory is the file's own, the only one these packages use; <c>Choose</c> takes the branch a Testing Platform
/// runner selects (<c>EnableXxxRunner</c> true).
/// </summary>
public sealed record BuildItems(IReadOnlyList<BuilderHook> Hooks, IReadOnlyList<string> References, IReadOnlyList<(string FullPath, string OutputPath)> Copies)
{
    /// <summary>Nothing.</summary>
    public static BuildItems None { get; } = new([], [], []);

    /// <summary>Reads the build files of the package extracted in <paramref name="folder"/> for <paramref name="framework"/>.</summary>
    public static BuildItems Read(string folder, string id, NuGetFramework framework)
    {
        var files = SelectedFiles(folder, id, framework);
        if (files.Count == 0) return None;
        var hooks = new List<BuilderHook>();
        var references = new List<string>();
        var copies = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = false;
        void ReadFile(string file, bool hooksOnly)
        {
            if (!seen.Add(file)) return;
            XDocument doc;
            try
            {
                doc = XDocument.Load(file);
            }
            catch (Exception e) when (e is System.Xml.XmlException or IOException)
            {
                return; // MSBuild would fail on it too; nothing a test needs lives there
            }
            var dir = Path.GetDirectoryName(file)!;
            foreach (var import in doc.Root!.Elements().Where(e => e.Name.LocalName == "Import"))
            {
                if (Local(dir, import.Attribute("Project")?.Value ?? "") is { } path && File.Exists(path)) ReadFile(path, hooksOnly);
                else unresolved = true;
            }
            foreach (var e in Items(doc.Root!))
            {
                string? Meta(string name) => e.Elements().FirstOrDefault(m => m.Name.LocalName == name)?.Value.Trim();
                var include = e.Attribute("Include")?.Value.Trim() ?? "";
                switch (e.Name.LocalName)
                {
                    case "TestingPlatformBuilderHook" when Meta("TypeFullName") is { Length: > 0 } type:
                        hooks.Add(new BuilderHook(include, type));
                        break;
                    case "Reference" when !hooksOnly && Meta("HintPath") is { } hint && Local(dir, hint) is { } path && File.Exists(path):
                        references.Add(path);
                        break;
                    case "None" or "Content" when !hooksOnly && Meta("CopyToOutputDirectory") is "PreserveNewest" or "Always"
                                                  && Local(dir, include) is { } path && File.Exists(path)
                                                  && !path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase):
                        copies.Add((path, Meta("Link") is { Length: > 0 } link ? link.Replace('\\', '/') : Path.GetFileName(path)));
                        break;
                }
            }
        }
        foreach (var file in files) ReadFile(file, hooksOnly: false);
        // An import MSBuild computes with property functions: the hook it leads to is in one of the package's build
        // files, since a package declares its hook once.
        if (unresolved && hooks.Count == 0)
            foreach (var file in new[] { "build", "buildTransitive", "buildMultiTargeting" }.Select(r => Path.Combine(folder, r)).Where(Directory.Exists)
                         .SelectMany(d => Directory.EnumerateFiles(d, "*.props", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
                ReadFile(file, hooksOnly: true);
        return new BuildItems(hooks.DistinctBy(h => h.Uid, StringComparer.OrdinalIgnoreCase).ToArray(), references.Distinct().ToArray(),
            copies.DistinctBy(c => c.Item2, StringComparer.OrdinalIgnoreCase).ToArray());
    }

    // The item elements MSBuild would see: those of ItemGroups, and of a Choose's When whose condition turns a
    // Testing Platform runner on (else its Otherwise).
    private static IEnumerable<XElement> Items(XElement project)
    {
        foreach (var child in project.Elements())
        {
            if (child.Name.LocalName == "ItemGroup")
                foreach (var item in child.Elements()) yield return item;
            else if (child.Name.LocalName == "Choose")
            {
                var when = child.Elements().FirstOrDefault(w => w.Name.LocalName == "When" &&
                    (w.Attribute("Condition")?.Value ?? "").Contains("Runner)' == 'true'", StringComparison.Ordinal));
                var branch = when ?? child.Elements().FirstOrDefault(w => w.Name.LocalName == "Otherwise");
                if (branch is not null)
                    foreach (var item in Items(branch)) yield return item;
            }
        }
    }

    // "$(MSBuildThisFileDirectory)X.dll", or any one leading property standing for it, as the file's own directory.
    private static string? Local(string dir, string value)
    {
        var v = value.Trim();
        if (v.StartsWith("$(", StringComparison.Ordinal) && v.IndexOf(')') is var close and > 0) v = v[(close + 1)..];
        if (v.Contains("$(") || v.Contains('@') || v.Contains('*') || v.Contains('%')) return null;
        return Path.GetFullPath(Path.Combine(dir, v.Replace('\\', '/')));
    }

    // NuGet imports buildTransitive/ when a package has it, else build/: the nearest framework's folder, else the
    // folder's own files, and only those named after the package (<id>.props, then <id>.targets).
    private static IReadOnlyList<string> SelectedFiles(string folder, string id, NuGetFramework framework)
    {
        foreach (var root in new[] { "buildTransitive", "build" })
        {
            var rootDir = Path.Combine(folder, root);
            if (!Directory.Exists(rootDir)) continue;
            var groups = Directory.GetDirectories(rootDir).Select(d => (Dir: d, Framework: NuGetFramework.ParseFolder(Path.GetFileName(d))))
                .Where(g => !g.Framework.IsUnsupported).ToArray();
            var nearest = new FrameworkReducer().GetNearest(framework, groups.Select(g => g.Framework));
            var dir = nearest is null ? rootDir : groups.First(g => g.Framework == nearest).Dir;
            var found = new[] { ".props", ".targets" }.Select(ext => Path.Combine(dir, id + ext))
                .Select(p => Directory.EnumerateFiles(dir).FirstOrDefault(f => string.Equals(f, p, StringComparison.OrdinalIgnoreCase)))
                .OfType<string>().ToArray();
            if (found.Length > 0) return found;
        }
        return [];
    }
}
