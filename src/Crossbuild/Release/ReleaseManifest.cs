using System.Text.Json;
using Crossbuild.Load;

namespace Crossbuild.Release;

/// <summary>
/// The <c>release</c> section of the module's crossbuild.json: package metadata for nupkgs and the extra files that go
/// into every archive.
/// </summary>
/// <param name="Description">The packages' description.</param>
/// <param name="Authors">The authors.</param>
/// <param name="License">An SPDX licence expression, e.g. <c>MIT</c>.</param>
/// <param name="ProjectUrl">The project's URL.</param>
/// <param name="Readme">A module-relative Markdown file packed as the nupkg's readme.</param>
/// <param name="Icon">A module-relative image packed as the nupkg's icon.</param>
/// <param name="Files">Module-relative files added at the root of every archive (LICENSE, README.md).</param>
/// <param name="NameTemplate">The archive name without extension: <c>{name}</c>, <c>{version}</c>, <c>{rid}</c>,
/// <c>{configuration}</c>, <c>{output}</c> (see <see cref="ArchiveName"/>).</param>
public sealed record ReleaseManifest(string? Description, IReadOnlyList<string> Authors, string? License, string? ProjectUrl,
    string? Readme, string? Icon, IReadOnlyList<string> Files, string NameTemplate)
{
    /// <summary>The manifest field that holds it.</summary>
    public const string FieldName = "release";

    /// <summary>
    /// The default archive name: <c>{name}_{version}_{rid}_{output}</c>, as GoReleaser names archives, a non-default
    /// output (<c>aot</c>, <c>self-contained+trim</c>) as GoReleaser adds a non-default variant.
    /// </summary>
    public const string DefaultNameTemplate = "{name}_{version}_{rid}_{output}";

    /// <summary>
    /// The archive name <see cref="NameTemplate"/> gives: <c>{output}</c> is the output's flags joined by <c>+</c>, and
    /// for the default output nothing, together with one <c>_</c>, <c>-</c> or <c>.</c> right before it.
    /// </summary>
    public string ArchiveName(string name, string version, string rid, string configuration, Targets.OutputMode output)
    {
        var text = NameTemplate.Replace("{name}", name).Replace("{version}", version).Replace("{rid}", rid).Replace("{configuration}", configuration);
        return output.IsDefault
            ? System.Text.RegularExpressions.Regex.Replace(text, @"[_.-]?\{output\}", "")
            : text.Replace("{output}", output.ToString());
    }

    /// <summary>A module without a release section.</summary>
    public static ReleaseManifest Empty { get; } = new(null, [], null, null, null, null, [], DefaultNameTemplate);

    private static readonly string[] Known = ["description", "authors", "license", "projectUrl", "readme", "icon", "files", "nameTemplate"];

    /// <summary>Reads the section; errors name the field's position.</summary>
    internal static ReleaseManifest Read(ManifestJson json)
    {
        if (json.Get(FieldName) is not { } field) return Empty;
        if (field.Value.ValueKind != JsonValueKind.Object)
            throw json.Error(field, $"field \"{FieldName}\" must be an object");
        string? Text(string name)
        {
            if (!field.Value.TryGetProperty(name, out var v)) return null;
            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw json.Error(field, $"release.{name} must be a string");
        }
        IReadOnlyList<string> List(string name)
        {
            if (!field.Value.TryGetProperty(name, out var v)) return [];
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw json.Error(field, $"release.{name} must be an array of strings");
            return v.EnumerateArray().Select(e => e.GetString()!).ToArray();
        }
        foreach (var p in field.Value.EnumerateObject())
            if (!Known.Contains(p.Name))
                throw json.Error(field, $"unknown field \"release.{p.Name}\"; known fields: {string.Join(", ", Known)}");
        string? PathIn(string name)
        {
            var p = Text(name);
            return p is not null && ModulePaths.Problem(p) is { } problem ? throw json.Error(field, $"release.{name}: {p} {problem}") : p;
        }
        var files = List("files");
        foreach (var f in files)
            if (ModulePaths.Problem(f) is { } problem)
                throw json.Error(field, $"release.files: {f} {problem}");
        var template = Text("nameTemplate") ?? DefaultNameTemplate;
        if (!template.Contains("{rid}"))
            throw json.Error(field, "release.nameTemplate must contain {rid}, or the runtimes' archives would have one name");
        return new ReleaseManifest(Text("description"), List("authors"), Text("license"), Text("projectUrl"), PathIn("readme"),
            PathIn("icon"), files, template);
    }
}
