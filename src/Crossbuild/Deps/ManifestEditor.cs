using System.Text.Json;
using System.Text.Json.Nodes;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Outputs;
using NuGet.Versioning;

namespace Crossbuild.Deps;

/// <summary>
/// Adds or updates an entry of the module manifest's <c>packages</c> section (<c>crossbuild get</c>), keeping the
/// other fields in their order. The file is rewritten atomically.
/// </summary>
public static class ManifestEditor
{
    /// <summary>
    /// Sets <paramref name="id"/> to <paramref name="range"/> in <paramref name="module"/>'s manifest; returns the
    /// range it had before, if any. An existing entry keeps its spelling of the ID.
    /// </summary>
    public static string? SetPackage(Module module, string id, VersionRange range)
    {
        var path = Path.Combine(module.Root, ModuleManifest.FileName);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            }) as JsonObject ?? throw new CrossbuildException($"{ModuleManifest.FileName}: expected an object");
        }
        catch (JsonException e)
        {
            throw new CrossbuildException($"{ModuleManifest.FileName}: malformed JSON: {e.Message}");
        }
        if (root[PackageRequirement.FieldName] is not JsonObject packages)
        {
            packages = [];
            root[PackageRequirement.FieldName] = packages;
        }
        var existing = packages.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase));
        var before = existing is null ? null : packages[existing]?.ToString();
        // A bare version reads as "at least", the PackageReference meaning; keep that short form.
        var text = range.HasUpperBound || !range.IsMinInclusive ? range.ToNormalizedString() : range.MinVersion!.ToNormalizedString();
        packages[existing ?? id] = text;
        var json = root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(json + "\n"));
        return before;
    }
}
