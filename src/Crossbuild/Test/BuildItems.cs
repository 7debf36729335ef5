using System.Xml.Linq;
using NuGet.Frameworks;

namespace Crossbuild.Test;

/// <summary>A Testing Platform builder hook a package's MSBuild files declare (<c>TestingPlatformBuilderHook</c> items).</summary>
/// <param name="Uid">The hook's stable identifier (the item's Include).</param>
/// <param name="TypeFullName">The static class whose <c>AddExtensions(builder, args)</c> registers the extension.</param>
public sealed record BuilderHook(string Uid, string TypeFullName);

/// <summary>
/// What the test frameworks' MSBuild files (a package's <c>buildTransitive/</c>, else <c>build/</c>, for the nearest
/// framework) add to a test project, read statically as MSBuild evaluates them (<see cref="BuildProperties"/>):
/// properties first, through imports, then the items under the conditions that hold for a Testing Platform test
/// application on this OS. Targets do not run; what the frameworks do in targets, Crossbuild does itself.
/// </summary>
/// <param name="Hooks">The Testing Platform builder hooks (<c>TestingPlatformBuilderHook</c>).</param>
/// <param name="References">Assemblies referenced by <c>HintPath</c> (compiled against and copied).</param>
/// <param name="Copies">Files copied to the output folder (<c>None</c>/<c>Content</c> with <c>CopyToOutputDirectory</c>,
/// and a reference's related <c>.xml</c> and <c>.pdb</c> files, as ResolveAssemblyReference finds them).</param>
/// <param name="Usings">Global usings (<c>Using</c> items, which the packages add under implicit usings).</param>
/// <param name="RuntimeOptions">The runtimeconfig.json properties (<c>RuntimeHostConfigurationOption</c>).</param>
public sealed record BuildItems(IReadOnlyList<BuilderHook> Hooks, IReadOnlyList<string> References, IReadOnlyList<(string FullPath, string OutputPath)> Copies,
    IReadOnlyList<string> Usings, IReadOnlyList<(string Name, string Value)> RuntimeOptions)
{
    /// <summary>Nothing.</summary>
    public static BuildItems None { get; } = new([], [], [], [], []);

    // What a test project that runs on the Testing Platform sets, as the SDK and the runners' switches leave it.
    private static IEnumerable<KeyValuePair<string, string>> InitialProperties(NuGetFramework framework) =>
    [
        new("OS", OperatingSystem.IsWindows() ? "Windows_NT" : "Unix"),
        new("Platform", "AnyCPU"),
        new("Configuration", "Debug"),
        new("OutputType", "Exe"),
        new("Language", "C#"),
        new("ImplicitUsings", "enable"), // the compile adds the usings only when the package has implicit usings
        new("TargetFramework", framework.GetShortFolderName()),
        new("TargetFrameworkIdentifier", framework.Framework),
        new("TargetFrameworkVersion", "v" + framework.Version.ToString(2)),
        new("IsTestProject", "true"),
        new("IsTestingPlatformApplication", "true"),
        new("EnableMSTestRunner", "true"),
        new("EnableNUnitRunner", "true"),
        new("UseMicrosoftTestingPlatformRunner", "true"),
    ];

    /// <summary>Reads the build files of the package extracted in <paramref name="folder"/> for <paramref name="framework"/>.</summary>
    public static BuildItems Read(string folder, string id, NuGetFramework framework)
    {
        var files = SelectedFiles(folder, id, framework);
        if (files.Count == 0) return None;
        var properties = new BuildProperties(InitialProperties(framework));
        var groups = new List<(string File, XElement Group)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = false;
        // The property pass, through imports in order; it records the item groups for the item pass.
        void Evaluate(string file, IEnumerable<XElement> elements)
        {
            foreach (var e in elements)
            {
                if (properties.Holds(e.Attribute("Condition")?.Value, file) == false) continue;
                switch (e.Name.LocalName)
                {
                    case "PropertyGroup":
                        foreach (var p in e.Elements())
                            if (properties.Holds(p.Attribute("Condition")?.Value, file) == true && properties.Expand(p.Value.Trim(), file) is { } value)
                                properties.Set(p.Name.LocalName, value);
                        break;
                    case "ItemGroup":
                        groups.Add((file, e));
                        break;
                    case "Import":
                        if (properties.Expand(e.Attribute("Project")?.Value.Trim() ?? "", file) is { Length: > 0 } project && Path.IsPathRooted(project)
                            && File.Exists(project))
                            Load(Path.GetFullPath(project));
                        else
                            unresolved = true;
                        break;
                    case "Choose":
                        var when = e.Elements().FirstOrDefault(w => w.Name.LocalName == "When" && properties.Holds(w.Attribute("Condition")?.Value, file) == true);
                        if ((when ?? e.Elements().FirstOrDefault(w => w.Name.LocalName == "Otherwise")) is { } branch) Evaluate(file, branch.Elements());
                        break;
                }
            }
        }
        void Load(string file)
        {
            if (!seen.Add(file)) return;
            try
            {
                Evaluate(file, XDocument.Load(file).Root!.Elements());
            }
            catch (Exception e) when (e is System.Xml.XmlException or IOException)
            {
                // MSBuild would fail on it too; nothing a test needs lives there
            }
        }
        foreach (var file in files) Load(file);
        // An import MSBuild computes with property functions: the hook it leads to is in one of the package's build
        // files, since a package declares its hook once.
        var hooksOnly = groups.Count;
        if (unresolved && !groups.SelectMany(g => g.Group.Elements()).Any(i => i.Name.LocalName == "TestingPlatformBuilderHook"))
            foreach (var file in new[] { "build", "buildTransitive", "buildMultiTargeting" }.Select(r => Path.Combine(folder, r)).Where(Directory.Exists)
                         .SelectMany(d => Directory.EnumerateFiles(d, "*.props", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
                Load(file);
        return Items(groups, hooksOnly, properties);
    }

    // The item pass: each item whose group's and own conditions hold (or cannot be read, as before conditions were read).
    private static BuildItems Items(List<(string File, XElement Group)> groups, int hooksOnlyFrom, BuildProperties properties)
    {
        var hooks = new List<BuilderHook>();
        var references = new List<string>();
        var copies = new List<(string, string)>();
        var usings = new List<string>();
        var options = new List<(string, string)>();
        for (var g = 0; g < groups.Count; g++)
        {
            var (file, group) = groups[g];
            if (properties.Holds(group.Attribute("Condition")?.Value, file) == false) continue;
            foreach (var e in group.Elements())
            {
                if (properties.Holds(e.Attribute("Condition")?.Value, file) == false) continue;
                // Metadata is a child element, or an attribute other than MSBuild's own.
                string? Meta(string name) => (e.Elements().FirstOrDefault(m => m.Name.LocalName == name)?.Value ?? e.Attribute(name)?.Value)?.Trim() is { } v
                    ? properties.Expand(v, file) : null;
                var include = properties.Expand(e.Attribute("Include")?.Value.Trim() ?? "", file) ?? "";
                string? Existing(string? path) => path is { Length: > 0 } && Path.IsPathRooted(path) && !path.Contains('*') && File.Exists(path) ? Path.GetFullPath(path) : null;
                if (e.Name.LocalName == "TestingPlatformBuilderHook")
                {
                    if (Meta("TypeFullName") is { Length: > 0 } type) hooks.Add(new BuilderHook(include, type));
                    continue;
                }
                if (g >= hooksOnlyFrom) continue;
                switch (e.Name.LocalName)
                {
                    case "Reference" when Existing(Meta("HintPath")) is { } path:
                        references.Add(path);
                        foreach (var ext in new[] { ".xml", ".pdb" })
                            if (Existing(Path.ChangeExtension(path, ext)) is { } related) copies.Add((related, Path.GetFileName(related)));
                        break;
                    case "None" or "Content" when Meta("CopyToOutputDirectory") is "PreserveNewest" or "Always" && Existing(include) is { } path
                                                  && !path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase):
                        copies.Add((path, Meta("Link") is { Length: > 0 } link ? link.Replace('\\', '/') : Path.GetFileName(path)));
                        break;
                    case "Using" when include.Length > 0 && Meta("Alias") is null or "" && Meta("Static") is null or "" or "false":
                        usings.Add(include);
                        break;
                    case "RuntimeHostConfigurationOption" when include.Length > 0 && Meta("Value") is { } value:
                        options.Add((include, value));
                        break;
                }
            }
        }
        return new BuildItems(hooks.DistinctBy(h => h.Uid, StringComparer.OrdinalIgnoreCase).ToArray(), references.Distinct().ToArray(),
            copies.DistinctBy(c => c.Item2, StringComparer.OrdinalIgnoreCase).ToArray(), usings.Distinct().ToArray(),
            options.DistinctBy(o => o.Item1, StringComparer.Ordinal).ToArray());
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
