using System.Text.Json.Nodes;
using Crossbuild.Load;

namespace Crossbuild.Import;

/// <summary>The manifests an import writes, and what it could not map.</summary>
/// <param name="Package">The package manifest's fields, in the order they are written.</param>
/// <param name="Warnings">One line per property or item not mapped, naming it and its value.</param>
public sealed record ImportedProject(JsonObject Package, IReadOnlyList<string> Warnings);

/// <summary>
/// Maps an evaluated project onto a Crossbuild package manifest: every property and item the manifests can say
/// (docs/init.md lists them), and a warning for each one they cannot, so that nothing is dropped silently. Values
/// equal to Crossbuild's defaults are left out; values the SDK defaults to but Crossbuild does not are written.
/// </summary>
public static class ProjectMapping
{
    // Properties that only steer the evaluation (its result is what is mapped) or that are mapped below.
    private static readonly HashSet<string> Handled = new(StringComparer.OrdinalIgnoreCase)
    {
        "TargetFramework", "TargetFrameworks", "EnableDefaultItems", "EnableDefaultCompileItems", "EnableDefaultEmbeddedResourceItems",
        "EnableDefaultNoneItems", "DefaultItemExcludes", "ManagePackageVersionsCentrally", "Configuration", "Platform", "Configurations",
        "Platforms", "VersionPrefix", "VersionSuffix", "OutputType", "AssemblyName", "RootNamespace", "Nullable", "LangVersion",
        "ImplicitUsings", "AllowUnsafeBlocks", "TreatWarningsAsErrors", "WarningsAsErrors", "WarningsNotAsErrors", "NoWarn",
        "WarningLevel", "CheckForOverflowUnderflow", "Features", "DefineConstants", "Version", "AssemblyVersion", "FileVersion",
        "InformationalVersion", "Company", "Product", "Copyright", "AssemblyTitle", "Description", "NeutralLanguage",
        "GenerateAssemblyInfo", "SignAssembly", "AssemblyOriginatorKeyFile", "PublicSign", "DelaySign", "Deterministic",
        "EmbeddedResourceUseDependentUponConvention", "UsingMicrosoftNETSdkWeb", "IsRoslynComponent", "EnforceExtendedAnalyzerRules",
    };

    // The SDK's Generate…Attribute switches and the generateAssemblyInfo names Crossbuild gives them.
    private static readonly Dictionary<string, string> AttributeSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GenerateAssemblyCompanyAttribute"] = "company", ["GenerateAssemblyConfigurationAttribute"] = "configuration",
        ["GenerateAssemblyCopyrightAttribute"] = "copyright", ["GenerateAssemblyDescriptionAttribute"] = "description",
        ["GenerateAssemblyFileVersionAttribute"] = "fileVersion", ["GenerateAssemblyInformationalVersionAttribute"] = "informationalVersion",
        ["GenerateAssemblyProductAttribute"] = "product", ["GenerateAssemblyTitleAttribute"] = "title",
        ["GenerateAssemblyVersionAttribute"] = "version", ["GenerateNeutralResourcesLanguageAttribute"] = "neutralLanguage",
        ["GenerateInternalsVisibleToAttributes"] = "internalsVisibleTo",
    };

    private static readonly (string Property, string Field)[] AssemblyInfo =
    [
        ("Version", "version"), ("AssemblyVersion", "assemblyVersion"), ("FileVersion", "fileVersion"), ("InformationalVersion", "informationalVersion"),
        ("Company", "company"), ("Product", "product"), ("Copyright", "copyright"), ("AssemblyTitle", "title"), ("Description", "description"),
        ("NeutralLanguage", "neutralLanguage"),
    ];

    // Item types mapped below, or that carry nothing a build uses.
    private static readonly HashSet<string> HandledItems = new(StringComparer.OrdinalIgnoreCase)
    {
        "Compile", "EmbeddedResource", "None", "Content", "AdditionalFiles", "Using", "PackageReference", "PackageVersion",
        "InternalsVisibleTo", "ProjectReference", "Folder", "FrameworkReference",
    };

    private static bool IsHandled(string property) => Handled.Contains(property) || AttributeSwitches.ContainsKey(property);

    /// <summary>Maps <paramref name="project"/>, whose directory becomes the package directory of a module at <paramref name="moduleRoot"/>.</summary>
    public static ImportedProject Map(EvaluatedProject project, string moduleRoot)
    {
        var warnings = new List<string>();
        var json = new JsonObject();
        var dir = project.Directory;
        var name = project["AssemblyName"];
        json["name"] = name;
        var outputType = project["OutputType"];
        var exe = outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase);
        var winExe = outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase);
        // A Roslyn component (a generator or analyzer project) is an analyzer package.
        json["kind"] = exe || winExe ? "exe" : project.IsTrue("IsRoslynComponent") || project.IsTrue("EnforceExtendedAnalyzerRules") ? "analyzer" : "lib";
        if (project.Frameworks.Count > 1) json["frameworks"] = Array(project.Frameworks);
        if (winExe) json["windowsGui"] = true;
        if (project["RootNamespace"] is { Length: > 0 } root && root != name) json["rootNamespace"] = root;
        var web = project.IsTrue("UsingMicrosoftNETSdkWeb");
        if (web) json["sdk"] = "web";
        var frameworks = new List<string>();
        foreach (var reference in project.ItemsOf("FrameworkReference"))
        {
            if (reference.Include.Equals("Microsoft.NETCore.App", StringComparison.OrdinalIgnoreCase)) continue;
            if (web && reference.Include.Equals(Targets.SharedFramework.AspNetCore.Name, StringComparison.OrdinalIgnoreCase)) continue;
            if (Targets.SharedFramework.Find(reference.Include) is { } framework) frameworks.Add(framework.Name);
            else warnings.Add($"item FrameworkReference {reference.Include} is not mapped: Crossbuild knows {string.Join(", ", Targets.SharedFramework.Referenceable.Select(f => f.Name))}");
        }
        if (frameworks.Count > 0) json["frameworkReferences"] = Array(frameworks.Distinct());

        // Compile settings, where the SDK's defaults are not Crossbuild's.
        var nullable = project["Nullable"] is { Length: > 0 } n ? n.ToLowerInvariant() : "disable";
        if (nullable != "enable") json["nullable"] = nullable;
        if (project.UserSet("LangVersion") && project["LangVersion"] is { Length: > 0 } lang && !lang.Equals("default", StringComparison.OrdinalIgnoreCase))
            json["langVersion"] = lang;
        var implicitUsings = project["ImplicitUsings"] is var iu && (iu.Equals("enable", StringComparison.OrdinalIgnoreCase) || iu.Equals("true", StringComparison.OrdinalIgnoreCase));
        if (!implicitUsings) json["implicitUsings"] = false;
        if (project.IsTrue("AllowUnsafeBlocks")) json["allowUnsafe"] = true;
        var errorCodes = Codes(project["WarningsAsErrors"]);
        if (project.IsTrue("TreatWarningsAsErrors")) json["warningsAsErrors"] = true;
        else if (errorCodes.Length > 0) json["warningsAsErrors"] = Array(errorCodes);
        if (project.IsTrue("TreatWarningsAsErrors") && errorCodes.Length > 0)
            warnings.Add($"property WarningsAsErrors = {string.Join(';', errorCodes)} is implied by TreatWarningsAsErrors and not written");
        if (Codes(project["WarningsNotAsErrors"]) is { Length: > 0 } notErrors) json["warningsNotAsErrors"] = Array(notErrors);
        if (Codes(project["NoWarn"]).Where(c => c is not ("1701" or "1702" or "8002" or "CS1701" or "CS1702" or "CS8002")).ToArray() is { Length: > 0 } noWarn)
            json["noWarn"] = Array(noWarn);
        if (project.UserSet("WarningLevel") && int.TryParse(project["WarningLevel"], out var level)) json["warningLevel"] = level;
        if (project.IsTrue("CheckForOverflowUnderflow")) json["checkForOverflowUnderflow"] = true;
        if (project["Features"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(f => !(web && f == "use-roslyn-tokenizer=true")).ToArray() is { Length: > 0 } features)
            json["features"] = Array(features);
        var sdkSymbols = new HashSet<string>(["TRACE", "DEBUG", "RELEASE", project["Configuration"].ToUpperInvariant()], StringComparer.Ordinal);
        if (project["DefineConstants"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(d => !sdkSymbols.Contains(d)).Distinct().ToArray() is { Length: > 0 } defines)
            json["defines"] = Array(defines);

        Usings(project, implicitUsings, web, json);
        AssemblyAttributes(project, json, warnings);
        Signing(project, dir, json);
        Files(project, moduleRoot, json, warnings);
        Packages(project, json, warnings);
        if (project.ItemsOf("InternalsVisibleTo").Select(i => i.Include).Distinct().ToArray() is { Length: > 0 } friends)
            json["internalsVisibleTo"] = Array(friends);
        foreach (var friend in project.ItemsOf("InternalsVisibleTo").Where(i => i["Key"].Length > 0))
            warnings.Add($"item InternalsVisibleTo {friend.Include} Key = {friend["Key"]} is not mapped (the friend's public key)");
        var analyzers = new List<string>();
        foreach (var reference in project.ItemsOf("ProjectReference"))
            if (reference["OutputItemType"].Equals("Analyzer", StringComparison.OrdinalIgnoreCase))
            {
                var referenced = Path.GetDirectoryName(project.FullPathOf(reference))!;
                var rel = Path.GetRelativePath(moduleRoot, referenced).Replace('\\', '/');
                if (rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) || rel == ".")
                    warnings.Add($"item ProjectReference {reference.Include} (an analyzer) is not mapped: its project lies outside the module");
                else analyzers.Add(rel);
            }
            else
                warnings.Add($"item ProjectReference {reference.Include} is not mapped: import that project too; Crossbuild infers the reference from its namespaces");
        if (analyzers.Count > 0) json["analyzers"] = Array(analyzers.Distinct());

        foreach (var p in project.Properties.Values.Where(p => p.FromUser && !IsHandled(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
            warnings.Add($"property {p.Name} = {p.Value} is not mapped");
        foreach (var i in project.Items.Where(i => i.FromUser && !HandledItems.Contains(i.Type)))
            warnings.Add($"item {i.Type} {i.Include} is not mapped");
        if (project.UserSet("EmbeddedResourceUseDependentUponConvention") && !project.IsTrue("EmbeddedResourceUseDependentUponConvention"))
            warnings.Add("property EmbeddedResourceUseDependentUponConvention = false is not mapped: resource names follow the SDK's default convention");
        return new ImportedProject(json, warnings);
    }

    private static string[] Codes(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => !c.StartsWith("NU", StringComparison.OrdinalIgnoreCase) && c != "SYSLIB0011").Distinct().ToArray();

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);

    // The evaluated Using items against the SDK's implicit ones: additions in Crossbuild's C#-like form, removals as -Ns.
    private static void Usings(EvaluatedProject project, bool implicitUsings, bool web, JsonObject json)
    {
        var items = project.ItemsOf("Using").Select(u => new GlobalUsing(u.Include, u["Alias"] is { Length: > 0 } a ? a : null,
            u["Static"].Equals("true", StringComparison.OrdinalIgnoreCase))).Distinct().ToList();
        var implicitOnes = Work.Compile.SdkSources.ImplicitUsingsFor(CompileSettings.Default with { ImplicitUsings = implicitUsings, Sdk = web ? "web" : null })
            .Select(n => new GlobalUsing(n)).ToList();
        var result = items.Where(u => !implicitOnes.Contains(u)).Select(u => u.ToString())
            .Concat(implicitOnes.Where(u => !items.Contains(u)).Select(u => "-" + u.Name)).ToArray();
        if (result.Length > 0) json["usings"] = Array(result);
    }

    private static void AssemblyAttributes(EvaluatedProject project, JsonObject json, List<string> warnings)
    {
        var name = project["AssemblyName"];
        foreach (var (property, field) in AssemblyInfo)
        {
            var value = project[property];
            // The SDK's own defaults (version 1.0.0, company/product/title the assembly name) need not be written.
            var isDefault = property switch
            {
                "Version" => value == "1.0.0",
                "Company" or "Product" or "AssemblyTitle" => value == name,
                "AssemblyVersion" or "FileVersion" or "InformationalVersion" => !project.UserSet(property),
                _ => value.Length == 0,
            };
            if (!isDefault && value.Length > 0) json[field] = value;
        }
        if (project.UserSet("GenerateAssemblyInfo") && !project.IsTrue("GenerateAssemblyInfo"))
        {
            json["generateAssemblyInfo"] = false;
            return;
        }
        var off = new JsonObject();
        foreach (var (property, field) in AttributeSwitches)
            if (project.UserSet(property) && !project.IsTrue(property)) off[field] = false;
        if (off.Count > 0) json["generateAssemblyInfo"] = off;
        _ = warnings;
    }

    private static void Signing(EvaluatedProject project, string dir, JsonObject json)
    {
        if (!project.IsTrue("SignAssembly")) return;
        json["signAssembly"] = true;
        if (project["AssemblyOriginatorKeyFile"] is { Length: > 0 } key)
            json["keyFile"] = Relative(dir, Path.GetFullPath(Path.Combine(dir, key.Replace('\\', '/'))));
        if (project.IsTrue("PublicSign")) json["publicSign"] = true;
        if (project.IsTrue("DelaySign")) json["delaySign"] = true;
    }

    private static string Relative(string from, string full) => Path.GetRelativePath(from, full).Replace('\\', '/');

    // Compile, EmbeddedResource, copy and additional files: what the evaluation lists against what the package
    // would own by Crossbuild's rules.
    private static void Files(EvaluatedProject project, string moduleRoot, JsonObject json, List<string> warnings)
    {
        var dir = project.Directory;
        var owned = PackageDiscovery.OwnedBy(dir);
        var ownedCs = owned.Files.Select(f => Path.GetFullPath(Path.Combine(dir, f))).ToHashSet(StringComparer.Ordinal);
        var compile = project.ItemsOf("Compile").Select(project.FullPathOf).Distinct(StringComparer.Ordinal).ToArray();
        var compileSet = compile.ToHashSet(StringComparer.Ordinal);
        var include = compile.Where(f => !ownedCs.Contains(f)).ToArray();
        var exclude = ownedCs.Where(f => !compileSet.Contains(f)).Order(StringComparer.Ordinal).ToArray();
        foreach (var outside in include.Concat(exclude).Where(f => !IsUnder(f, moduleRoot)))
            throw new Diagnostics.CrossbuildException($"init: {outside} is outside the module at {moduleRoot}; run init from a directory above it");
        if (include.Length > 0) json["include"] = Array(Globs(include, dir, f => f.EndsWith(".cs", StringComparison.Ordinal), compileSet));
        if (exclude.Length > 0) json["exclude"] = Array(Globs(exclude, dir, ownedCs.Contains, exclude.ToHashSet(StringComparer.Ordinal)));

        // Resources: .resx files are Crossbuild's by default; other files are embeds.
        var ownedResx = owned.Resx.Select(f => Path.GetFullPath(Path.Combine(dir, f))).ToHashSet(StringComparer.Ordinal);
        var embedded = project.ItemsOf("EmbeddedResource").ToArray();
        var resxIncluded = new HashSet<string>(StringComparer.Ordinal);
        var embeds = new JsonArray();
        foreach (var r in embedded)
        {
            var full = project.FullPathOf(r);
            var isResx = full.EndsWith(".resx", StringComparison.OrdinalIgnoreCase);
            var explicitName = r["LogicalName"] is { Length: > 0 } logical ? logical : r["ManifestResourceName"] is { Length: > 0 } m ? m + (isResx ? ".resources" : "") : null;
            if (isResx)
            {
                resxIncluded.Add(full);
                if (!ownedResx.Contains(full)) warnings.Add($"item EmbeddedResource {r.Include} is not mapped: a .resx outside the package's directory");
                else if (explicitName is not null || r["DependentUpon"].Length > 0 || r["WithCulture"].Length > 0)
                    warnings.Add($"item EmbeddedResource {r.Include} is not mapped with its metadata (LogicalName, ManifestResourceName, DependentUpon, WithCulture); it gets the SDK's default name");
                continue;
            }
            if (!IsUnder(full, moduleRoot)) throw new Diagnostics.CrossbuildException($"init: {full} is outside the module at {moduleRoot}");
            var rel = Relative(dir, full);
            if (explicitName is null && r["Link"] is { Length: > 0 } link)
            {
                var root = project["RootNamespace"];
                explicitName = ResourceNamingFor(root, link.Replace('\\', '/'));
            }
            embeds.Add(explicitName is null ? JsonValue.Create(rel) : new JsonObject { ["file"] = rel, ["name"] = explicitName });
        }
        if (embeds.Count > 0) json["embed"] = embeds;
        var droppedResx = ownedResx.Where(f => !resxIncluded.Contains(f)).Order(StringComparer.Ordinal).ToArray();
        if (droppedResx.Length > 0)
        {
            var excludes = json["exclude"] as JsonArray ?? [];
            foreach (var f in droppedResx) excludes.Add(Relative(dir, f));
            json["exclude"] = excludes;
        }

        var copies = new JsonArray();
        foreach (var item in project.ItemsOf("None").Concat(project.ItemsOf("Content")).Concat(project.ItemsOf("EmbeddedResource")).Concat(project.ItemsOf("Compile")))
        {
            var mode = item["CopyToOutputDirectory"];
            if (!new[] { "PreserveNewest", "Always", "IfDifferent" }.Contains(mode, StringComparer.OrdinalIgnoreCase)) continue;
            // The Web SDK's own content (appsettings*.json, …) is what "sdk": "web" copies already.
            if (item.Type == "Content" && !item.FromUser && project.IsTrue("UsingMicrosoftNETSdkWeb")) continue;
            var full = project.FullPathOf(item);
            if (!IsUnder(full, moduleRoot)) throw new Diagnostics.CrossbuildException($"init: {full} is outside the module at {moduleRoot}");
            var rel = Relative(dir, full);
            var to = item["Link"] is { Length: > 0 } link ? link.Replace('\\', '/') : item["TargetPath"] is { Length: > 0 } tp ? tp.Replace('\\', '/') : null;
            var defaultTo = rel.StartsWith("../", StringComparison.Ordinal) ? Path.GetFileName(full) : rel;
            copies.Add(to is null || to == defaultTo ? JsonValue.Create(rel) : new JsonObject { ["file"] = rel, ["to"] = to });
        }
        if (copies.Count > 0) json["copy"] = copies;

        var additional = project.ItemsOf("AdditionalFiles").Select(project.FullPathOf).Distinct(StringComparer.Ordinal)
            .Select(f => IsUnder(f, moduleRoot) ? Relative(dir, f) : throw new Diagnostics.CrossbuildException($"init: {f} is outside the module at {moduleRoot}"))
            .ToArray();
        if (additional.Length > 0) json["additionalFiles"] = Array(additional);
    }

    private static string ResourceNamingFor(string rootNamespace, string link) =>
        Load.Resources.ResourceNaming.ManifestName(rootNamespace, link, Load.Resources.ResourceNaming.Culture(link), isResx: false, className: null);

    // Files as globs where a whole directory is taken (dir/**), else one by one; relative to the package.
    private static IEnumerable<string> Globs(IReadOnlyList<string> files, string packageDir, Func<string, bool> candidate, HashSet<string> chosen)
    {
        var result = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (covered.Contains(file)) continue;
            // The highest directory whose every candidate file is chosen, not above the package unless the file is outside it.
            string? best = null;
            for (var d = Path.GetDirectoryName(file); d is not null && d.Length > 1; d = Path.GetDirectoryName(d))
            {
                if (IsUnder(packageDir, d) && packageDir != d) break;
                if (d == packageDir) break;
                if (!Directory.Exists(d)) break;
                var all = Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories).Select(Path.GetFullPath).Where(candidate).ToArray();
                if (all.Length == 0 || !all.All(chosen.Contains)) break;
                best = d;
            }
            if (best is null)
            {
                result.Add(Relative(packageDir, file));
                covered.Add(file);
                continue;
            }
            result.Add(Relative(packageDir, best) + "/**/*.cs");
            foreach (var f in Directory.EnumerateFiles(best, "*.cs", SearchOption.AllDirectories)) covered.Add(Path.GetFullPath(f));
        }
        return result.Distinct(StringComparer.Ordinal);
    }

    private static bool IsUnder(string path, string dir)
    {
        var rel = Path.GetRelativePath(dir, path);
        return rel != ".." && !rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(rel);
    }

    private static void Packages(EvaluatedProject project, JsonObject json, List<string> warnings)
    {
        var central = project.ItemsOf("PackageVersion").GroupBy(v => v.Include, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()["Version"], StringComparer.OrdinalIgnoreCase);
        var packages = new JsonObject();
        foreach (var reference in project.ItemsOf("PackageReference"))
        {
            if (reference["IsImplicitlyDefined"].Equals("true", StringComparison.OrdinalIgnoreCase)) continue;
            var version = reference["VersionOverride"] is { Length: > 0 } o ? o
                : reference["Version"] is { Length: > 0 } v ? v
                : central.GetValueOrDefault(reference.Include) ?? "";
            if (version.Length == 0)
            {
                warnings.Add($"item PackageReference {reference.Include} is not mapped: it has no version");
                continue;
            }
            // Asset metadata makes the entry an object, as the manifest takes it.
            var assets = new JsonObject { ["version"] = version };
            foreach (var (meta, field) in new[] { ("IncludeAssets", "includeAssets"), ("ExcludeAssets", "excludeAssets"), ("PrivateAssets", "privateAssets") })
                if (reference[meta] is { Length: > 0 } value) assets[field] = value;
            packages[reference.Include] = assets.Count == 1 ? version : assets;
            foreach (var meta in new[] { "Aliases", "GeneratePathProperty" })
                if (reference[meta] is { Length: > 0 } value)
                    warnings.Add($"item PackageReference {reference.Include} {meta} = {value} is not mapped");
        }
        if (packages.Count > 0) json["packages"] = packages;
    }
}
