using System.Runtime.CompilerServices;
using Crossbuild.Diagnostics;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;

namespace Crossbuild.Import;

/// <summary>
/// Evaluates an SDK-style project with MSBuild's own evaluator from the installed SDK: Directory.Build.props and
/// .targets, conditions, central package versions, imports, for one target framework.
/// </summary>
public static class ProjectEvaluator
{
    /// <summary>Evaluates <paramref name="projectPath"/> for <paramref name="framework"/> (null: its only framework).</summary>
    public static EvaluatedProject Evaluate(string projectPath, string? framework)
    {
        var full = Path.GetFullPath(projectPath);
        if (!File.Exists(full)) throw new CrossbuildException($"init: project {projectPath} does not exist");
        MsBuildLocation.Register(Path.GetDirectoryName(full)!);
        return EvaluateRegistered(full, framework);
    }

    // Kept apart so that no MSBuild type is loaded before the SDK's MSBuild is registered.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static EvaluatedProject EvaluateRegistered(string full, string? framework)
    {
        using var collection = new ProjectCollection();
        var project = Load(collection, full, new Dictionary<string, string>());
        var single = project.GetPropertyValue("TargetFramework");
        var frameworks = project.GetPropertyValue("TargetFrameworks").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (single.Length == 0)
        {
            if (frameworks.Length == 0) throw new CrossbuildException($"init: {full} sets neither TargetFramework nor TargetFrameworks");
            // Several frameworks without -f: evaluated for the newest .NET among them (the others' conditions are not seen).
            var chosen = framework ?? frameworks.Where(f => f.StartsWith("net", StringComparison.OrdinalIgnoreCase) && f.Contains('.'))
                .OrderByDescending(f => Version.TryParse(f[3..], out var v) ? v : new Version()).FirstOrDefault() ?? frameworks[0];
            if (!frameworks.Contains(chosen, StringComparer.OrdinalIgnoreCase))
                throw new CrossbuildException($"init: -f {chosen}: {full} targets {string.Join(", ", frameworks)}");
            project = Load(collection, full, new Dictionary<string, string> { ["TargetFramework"] = chosen });
            single = chosen;
        }
        else if (framework is not null && !string.Equals(framework, single, StringComparison.OrdinalIgnoreCase))
            throw new CrossbuildException($"init: -f {framework}: {full} targets {single}");

        var sdkRoot = Normalize(project.GetPropertyValue("NetCoreRoot"));
        var nugetRoot = Normalize(project.GetPropertyValue("NuGetPackageRoot"));
        var objDir = Normalize(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, project.GetPropertyValue("BaseIntermediateOutputPath").Replace('\\', '/'))));
        bool FromUser(string? file) => file is { Length: > 0 } f && !Under(f, sdkRoot) && !Under(f, nugetRoot) && !Under(f, objDir);

        var properties = project.AllEvaluatedProperties
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last())
            .ToDictionary(p => p.Name, p => new EvaluatedProperty(p.Name, p.EvaluatedValue,
                !p.IsEnvironmentProperty && !p.IsGlobalProperty && !p.IsReservedProperty && FromUser(p.Xml?.ContainingProject?.FullPath)),
                StringComparer.OrdinalIgnoreCase);
        var items = project.AllEvaluatedItems
            .Select(i => new EvaluatedItem(i.ItemType, i.EvaluatedInclude,
                i.Metadata.ToDictionary(m => m.Name, m => m.EvaluatedValue, StringComparer.OrdinalIgnoreCase),
                FromUser(i.Xml?.ContainingProject?.FullPath)))
            .ToArray();
        return new EvaluatedProject(full, single, properties, items)
        {
            Frameworks = framework is null && frameworks.Length > 1 ? frameworks : [],
        };
    }

    private static Project Load(ProjectCollection collection, string full, Dictionary<string, string> globals)
    {
        try
        {
            return collection.LoadProject(full, globals, toolsVersion: null);
        }
        catch (InvalidProjectFileException e)
        {
            // MSBuild's own error, in its own form: file(line,col): error MSBxxxx: message.
            var where = e.LineNumber > 0 ? $"{e.ProjectFile}({e.LineNumber},{e.ColumnNumber})" : e.ProjectFile ?? full;
            throw new CrossbuildException($"{where}: error {e.ErrorCode}: {e.BaseMessage}");
        }
    }

    private static string Normalize(string dir) => dir.Length == 0 ? "" : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)) + Path.DirectorySeparatorChar;

    private static bool Under(string file, string dir) => dir.Length > 0 && file.StartsWith(dir, StringComparison.Ordinal);
}
