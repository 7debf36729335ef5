using System.Text.Json;
using System.Text.Json.Nodes;
using Crossbuild.Diagnostics;
using Crossbuild.Load;

namespace Crossbuild.Ide;

/// <summary>
/// <c>crossbuild ide --vscode</c>: build and test tasks in <c>.vscode/tasks.json</c> (csc-format diagnostics fit the
/// <c>$msCompile</c> problem matcher) and one <c>coreclr</c> launch configuration per executable in
/// <c>.vscode/launch.json</c>, merged into what is there: entries of the same label or name are replaced, the rest
/// are kept in their order.
/// </summary>
internal static class VsCodeFiles
{
    /// <summary>Where the launch configurations' build writes the executables, relative to the module root.</summary>
    public const string OutputDir = ".crossbuild/out";

    private const string Prefix = "crossbuild: ";
    private const string BuildLabel = Prefix + "build";
    private const string TestLabel = Prefix + "test";

    // VS Code's own files allow comments and trailing commas.
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The two files, merged with their current text; <paramref name="target"/>'s runtime and tags are passed on.</summary>
    public static IReadOnlyList<IdeFile> For(Module module, Targets.Target target, IEnumerable<Package> executables)
    {
        var dir = Path.Combine(module.Root, ".vscode");
        var flags = new List<string> { "-r", target.Runtime.ToString(), "-c", target.Configuration };
        if (target.ExtraTags.Count > 0) flags.AddRange(["--tags", string.Join(',', target.ExtraTags)]);
        var tasksPath = Path.Combine(dir, "tasks.json");
        var launchPath = Path.Combine(dir, "launch.json");
        var tasks = Merge(tasksPath, "tasks", "label",
        [
            Task(BuildLabel, "build", ["build", .. flags, "-o", OutputDir + "/", "./..."], isDefault: true),
            Task(TestLabel, "test", ["test", .. flags, "./..."], isDefault: true),
        ]);
        var launch = Merge(launchPath, "configurations", "name", executables.OrderBy(p => p.Dir, StringComparer.Ordinal).Select(p => (JsonNode)new JsonObject
        {
            ["name"] = Prefix + p.Dir,
            ["type"] = "coreclr",
            ["request"] = "launch",
            ["preLaunchTask"] = BuildLabel,
            // -r puts each runtime's executables in a folder of its own.
            ["program"] = "${workspaceFolder}/" + OutputDir + "/" + target.Runtime + "/" + p.Name + ".dll",
            ["args"] = new JsonArray(),
            ["cwd"] = "${workspaceFolder}",
            ["console"] = "internalConsole",
            ["stopAtEntry"] = false,
        }).ToArray());
        return [new(tasksPath, tasks), new(launchPath, launch)];
    }

    private static JsonObject Task(string label, string group, string[] args, bool isDefault) => new()
    {
        ["label"] = label,
        ["type"] = "process",
        ["command"] = "crossbuild",
        ["args"] = new JsonArray(args.Select(a => (JsonNode)a).ToArray()),
        ["options"] = new JsonObject { ["cwd"] = "${workspaceFolder}" },
        ["group"] = new JsonObject { ["kind"] = group, ["isDefault"] = isDefault },
        ["problemMatcher"] = "$msCompile",
    };

    // The file's object with its list (tasks or configurations) holding ours in place of entries with the same key.
    private static string Merge(string path, string list, string key, IReadOnlyList<JsonNode> ours)
    {
        JsonObject root;
        if (File.Exists(path))
        {
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient) as JsonObject
                       ?? throw new CrossbuildException($"{path}: not a JSON object; fix or remove it");
            }
            catch (JsonException e)
            {
                throw new CrossbuildException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message.Split('.')[0]}; fix or remove it");
            }
        }
        else root = new JsonObject { ["version"] = list == "tasks" ? "2.0.0" : "0.2.0" };
        // Entries labelled "crossbuild: …" are ours (of executables that may be gone since); the user's stay.
        var kept = root[list] is JsonArray existing
            ? existing.Where(e => e is not JsonObject o || o[key]?.GetValueKind() != JsonValueKind.String || !((string)o[key]!).StartsWith(Prefix, StringComparison.Ordinal))
                .Select(e => e?.DeepClone()).ToList()
            : [];
        root[list] = new JsonArray([.. kept, .. ours.Select(o => o.DeepClone())]);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
