using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Import;

/// <summary>What <c>crossbuild init</c> wrote, and what it could not map.</summary>
/// <param name="Written">The manifests written, full paths.</param>
/// <param name="Warnings">One line per property or item not mapped.</param>
public sealed record InitResult(IReadOnlyList<string> Written, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>crossbuild init</c>: a minimal module manifest, or with a project, the module manifest (when absent) and the
/// package manifest that make Crossbuild build what <c>dotnet build</c> builds from it. The result is loaded by the
/// engine before it is kept; a manifest that does not load is removed again, so nothing is left half-written.
/// </summary>
public static class Importer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs init in <paramref name="moduleDir"/>; <paramref name="project"/> is the csproj to import, if any.</summary>
    public static InitResult Run(string moduleDir, string? project, string? framework)
    {
        moduleDir = Path.GetFullPath(moduleDir);
        var modulePath = Path.Combine(moduleDir, ModuleManifest.FileName);
        if (project is null)
        {
            if (framework is not null) TargetFramework.Parse(framework);
            if (File.Exists(modulePath)) throw new CrossbuildException($"init: {modulePath} exists already");
            var module = new JsonObject { ["module"] = ModuleName(moduleDir) };
            if (framework is not null) module["framework"] = framework;
            Write(modulePath, module);
            return new InitResult([modulePath], []);
        }

        var evaluated = ProjectEvaluator.Evaluate(Path.GetFullPath(project, moduleDir), framework);
        var packageDir = evaluated.Directory;
        var rel = Path.GetRelativePath(moduleDir, packageDir);
        if (rel == "." || rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel))
            throw new CrossbuildException($"init: the project's directory {packageDir} must lie below the module directory {moduleDir}");
        var packagePath = Path.Combine(packageDir, ModuleManifest.FileName);
        if (File.Exists(packagePath)) throw new CrossbuildException($"init: {packagePath} exists already");

        var written = new List<string>();
        var imported = ProjectMapping.Map(evaluated, moduleDir);
        if (File.Exists(modulePath))
        {
            var existing = Module.Find(moduleDir);
            if (existing.Root != moduleDir)
                throw new CrossbuildException($"init: {modulePath} is not a module manifest (it has no \"module\" field)");
            // A multi-targeted project keeps its frameworks, and an analyzer always builds for netstandard2.0.
            var own = evaluated.Frameworks.Count > 0 || (string?)imported.Package["kind"] == "analyzer";
            if (!own && !string.Equals(existing.Manifest.Framework.Moniker, evaluated.Framework, StringComparison.OrdinalIgnoreCase))
                throw new CrossbuildException($"init: the module builds {existing.Manifest.Framework.Moniker} but the project is evaluated for {evaluated.Framework}; choose that framework with -f");
        }
        try
        {
            if (!File.Exists(modulePath))
            {
                Write(modulePath, new JsonObject { ["module"] = ModuleName(moduleDir), ["framework"] = evaluated.Framework });
                written.Add(modulePath);
            }
            Write(packagePath, imported.Package);
            written.Add(packagePath);
            Check(moduleDir, packageDir);
        }
        catch
        {
            foreach (var f in written) File.Delete(f);
            throw;
        }
        return new InitResult(written, imported.Warnings);
    }

    private static string ModuleName(string dir)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        if (!PackageNaming.IsValidAssemblyName(name))
            throw new CrossbuildException($"init: directory name \"{name}\" is not a valid module name; write {ModuleManifest.FileName} with a \"module\" field by hand");
        return name;
    }

    private static void Write(string path, JsonObject json) =>
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n"));

    // What was written must load as written: a field the engine rejects is a failed import, not a later surprise.
    private static void Check(string moduleDir, string packageDir)
    {
        var module = Module.Find(moduleDir);
        var load = Loader.Load(module, new Target(module.Manifest.Framework, RidCatalog.Host, "Debug"), moduleDir);
        var package = load.Packages.FirstOrDefault(p => p.FullDir == packageDir)
                      ?? throw new CrossbuildException($"init: the module has no package at {packageDir} after import");
        if (package.Error is { } error) throw new CrossbuildException("init: the imported manifest does not load: " + error);
    }
}
