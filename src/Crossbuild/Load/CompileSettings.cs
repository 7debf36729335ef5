namespace Crossbuild.Load;

/// <summary>
/// Per-package compile settings: module-wide defaults from crossbuild.json, overridden per package.
/// Defaults follow what <c>dotnet new console</c> sets up: nullable and implicit usings enabled.
/// </summary>
/// <param name="Nullable">enable, disable, warnings or annotations.</param>
/// <param name="LangVersion">The C# language version, or null for the framework's default.</param>
/// <param name="ImplicitUsings">Whether the SDK's implicit global usings are added.</param>
/// <param name="AllowUnsafe">Whether unsafe code is allowed.</param>
/// <param name="WarningsAsErrors">Whether warnings fail the build (<c>TreatWarningsAsErrors</c>).</param>
/// <param name="WindowsGui">For executables: a Windows GUI app (<c>OutputType WinExe</c>), whose Windows launcher
/// opens no console.</param>
public sealed record CompileSettings(
    string Nullable = "enable",
    string? LangVersion = null,
    bool ImplicitUsings = true,
    bool AllowUnsafe = false,
    bool WarningsAsErrors = false,
    bool WindowsGui = false)
{
    /// <summary>The settings used when a manifest says nothing.</summary>
    public static CompileSettings Default { get; } = new();

    /// <summary>
    /// The defaults for a module on <paramref name="framework"/>: <see cref="Default"/>, but for .NET Standard and .NET
    /// Framework, whose C# is 7.3 (8.0 on .NET Standard 2.1), the SDK's own (nullable off, no implicit usings), which
    /// that language version accepts.
    /// </summary>
    public static CompileSettings DefaultFor(Targets.TargetFramework framework) =>
        !framework.IsNetCoreApp ? Default with { Nullable = "disable", ImplicitUsings = false } : Default;

    /// <summary>Warning codes that are not reported (<c>NoWarn</c>), as written: <c>CS8602</c>, <c>8602</c>, <c>nullable</c>.</summary>
    public IReadOnlyList<string> NoWarn { get; init; } = [];

    /// <summary>Warning codes reported as errors (<c>WarningsAsErrors</c>, a list; <c>"warningsAsErrors": [...]</c>).</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    /// <summary>Codes that stay warnings when <see cref="WarningsAsErrors"/> is on (<c>WarningsNotAsErrors</c>).</summary>
    public IReadOnlyList<string> WarningsNotAsErrors { get; init; } = [];

    /// <summary>The warning level (<c>WarningLevel</c>); null for the SDK's (the framework's analysis level).</summary>
    public int? WarningLevel { get; init; }

    /// <summary>Whether integer arithmetic is checked (<c>CheckForOverflowUnderflow</c>).</summary>
    public bool CheckForOverflowUnderflow { get; init; }

    /// <summary>
    /// Project-level global usings (the SDK's <c>&lt;Using&gt;</c> items), in manifest order; they add to the implicit
    /// ones. <see cref="GlobalUsing.Remove"/> entries take a using out (<c>&lt;Using Remove="…"/&gt;</c>).
    /// </summary>
    public IReadOnlyList<GlobalUsing> Usings { get; init; } = [];

    /// <summary>
    /// Extra preprocessor symbols (the SDK's <c>DefineConstants</c>), passed to every compile of the package and seen by
    /// the loader's scan of its <c>#if</c>s. Unlike tags they take no part in build constraints.
    /// </summary>
    public IReadOnlyList<string> Defines { get; init; } = [];

    /// <summary>Compiler feature flags (<c>Features</c>, csc's <c>/features:</c>): <c>name</c> or <c>name=value</c>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The root namespace (<c>RootNamespace</c>), which resource names use; null for the assembly name.</summary>
    public string? RootNamespace { get; init; }

    /// <summary>
    /// Shared frameworks beyond Microsoft.NETCore.App (<c>frameworkReferences</c>, the SDK's <c>FrameworkReference</c>),
    /// by their canonical names; with <see cref="Sdk"/> <c>web</c>, Microsoft.AspNetCore.App is among them.
    /// </summary>
    public IReadOnlyList<string> FrameworkReferences { get; init; } = [];

    /// <summary>The project SDK this package is built as: null for <c>Microsoft.NET.Sdk</c>, <c>web</c> for <c>Microsoft.NET.Sdk.Web</c>.</summary>
    public string? Sdk { get; init; }

    /// <summary>
    /// The frameworks the package multi-targets (<c>frameworks</c>, the SDK's <c>TargetFrameworks</c>), in manifest order;
    /// null to compile for whatever framework the target or its importer needs. A package's list replaces the module's.
    /// Not part of <see cref="Key"/>: which framework a compile is for is in its identity already.
    /// </summary>
    public IReadOnlyList<Targets.TargetFramework>? Frameworks { get; init; }

    /// <summary>Whether this is a web package (<c>"sdk": "web"</c>).</summary>
    public bool IsWeb => Sdk == "web";

    /// <summary>Strong-name signing.</summary>
    public SigningSettings Signing { get; init; } = SigningSettings.None;

    /// <summary>The generated assembly attributes (version, company, …) and which are generated.</summary>
    public AssemblyInfoSettings AssemblyInfo { get; init; } = AssemblyInfoSettings.Default;

    /// <summary>Every setting as one canonical line, for cache keys (lists spelled out, unlike a record's ToString).</summary>
    public string Key =>
        $"nullable={Nullable} lang={LangVersion ?? "default"} implicitUsings={ImplicitUsings} unsafe={AllowUnsafe} " +
        $"warnaserror={WarningsAsErrors} windowsGui={WindowsGui} nowarn={string.Join(',', NoWarn)} " +
        $"errors={string.Join(',', ErrorCodes)} notErrors={string.Join(',', WarningsNotAsErrors)} " +
        $"warn={WarningLevel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} checked={CheckForOverflowUnderflow} " +
        $"usings={string.Join(',', Usings)} info={AssemblyInfo.Key} defines={string.Join(',', Defines)} " +
        $"features={string.Join(',', Features)} root={RootNamespace} signing={Signing.Key} " +
        $"frameworks={string.Join(',', FrameworkReferences)} sdk={Sdk}";

    /// <inheritdoc/>
    public bool Equals(CompileSettings? other) => other is not null && Key == other.Key;

    /// <inheritdoc/>
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <summary>The nullable values a manifest accepts.</summary>
    internal static readonly string[] NullableValues = ["enable", "disable", "warnings", "annotations"];

    /// <summary>Field names that carry compile settings, shared by module and package manifests.</summary>
    internal static readonly string[] FieldNames =
    [
        "nullable", "langVersion", "implicitUsings", "allowUnsafe", "warningsAsErrors", "windowsGui", "noWarn",
        "warningsNotAsErrors", "warningLevel", "checkForOverflowUnderflow", "usings", "generateAssemblyInfo",
        "defines", "features", "rootNamespace", "frameworkReferences", "sdk", "frameworks", .. SigningSettings.FieldNames, .. AssemblyInfoSettings.TextFields,
    ];

    /// <summary>Returns these settings overridden by whatever <paramref name="json"/> sets.</summary>
    internal CompileSettings OverriddenBy(ManifestJson json)
    {
        var lang = json.String("langVersion");
        if (lang is not null && !Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.TryParse(lang, out _))
            throw json.Error(json.Get("langVersion")!, $"field \"langVersion\" has unknown C# version \"{lang}\"");
        // "warningsAsErrors": true/false (TreatWarningsAsErrors) or a list of codes (WarningsAsErrors).
        bool? all = null;
        IReadOnlyList<string>? errorCodes = null;
        if (json.Get("warningsAsErrors") is { } wae)
        {
            if (wae.Value.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False) all = json.Bool("warningsAsErrors");
            else if (wae.Value.ValueKind == System.Text.Json.JsonValueKind.Array) errorCodes = Codes(json, "warningsAsErrors");
            else throw json.Error(wae, "field \"warningsAsErrors\" must be true, false or an array of warning codes");
        }
        int? level = WarningLevel;
        if (json.Get("warningLevel") is { } wl)
            level = wl.Value.ValueKind == System.Text.Json.JsonValueKind.Number && wl.Value.TryGetInt32(out var l) && l is >= 0 and <= 9999
                ? l
                : throw json.Error(wl, "field \"warningLevel\" must be a whole number from 0 to 9999");
        return new CompileSettings(
            json.OneOf("nullable", NullableValues) ?? Nullable,
            lang ?? LangVersion,
            json.Bool("implicitUsings") ?? ImplicitUsings,
            json.Bool("allowUnsafe") ?? AllowUnsafe,
            all ?? WarningsAsErrors,
            json.Bool("windowsGui") ?? WindowsGui)
        {
            // A package's lists add to the module's, as MSBuild's $(NoWarn);… does.
            NoWarn = [.. NoWarn, .. Codes(json, "noWarn") ?? []],
            ErrorCodes = [.. ErrorCodes, .. errorCodes ?? []],
            WarningsNotAsErrors = [.. WarningsNotAsErrors, .. Codes(json, "warningsNotAsErrors") ?? []],
            WarningLevel = level,
            CheckForOverflowUnderflow = json.Bool("checkForOverflowUnderflow") ?? CheckForOverflowUnderflow,
            AssemblyInfo = AssemblyInfo.OverriddenBy(json),
            Defines = [.. Defines, .. (Symbols(json) ?? []).Where(d => !Defines.Contains(d))],
            Features = [.. Features, .. FeatureFlags(json) ?? []],
            RootNamespace = RootNamespaceOf(json) ?? RootNamespace,
            Signing = Signing.OverriddenBy(json),
            Sdk = json.OneOf("sdk", "web") ?? Sdk,
            Frameworks = TargetFrameworks(json) ?? Frameworks,
            FrameworkReferences = FrameworkReferencesOf(json, FrameworkReferences, json.OneOf("sdk", "web") is not null),
            Usings = [.. Usings, .. (json.StringArray("usings") ?? []).Select(u => GlobalUsing.Parse(u) ??
                throw json.Error(json.Get("usings")!, $"field \"usings\" has \"{u}\"; expected Namespace, static Type, Alias = Type or -Namespace"))],
        };
    }

    // Preprocessor symbols as csc's /define: takes them: identifiers.
    private static IReadOnlyList<string>? Symbols(ManifestJson json)
    {
        if (json.StringArray("defines") is not { } symbols) return null;
        foreach (var d in symbols)
            if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(d))
                throw json.Error(json.Get("defines")!, $"field \"defines\" has \"{d}\", which is not a preprocessor symbol (an identifier such as MY_FEATURE)");
        return symbols;
    }

    private static IReadOnlyList<string>? FeatureFlags(ManifestJson json)
    {
        if (json.StringArray("features") is not { } flags) return null;
        foreach (var f in flags)
        {
            var name = f.Split('=', 2)[0];
            if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.'))
                throw json.Error(json.Get("features")!, $"field \"features\" has \"{f}\"; expected name or name=value, such as strict");
        }
        return flags;
    }

    // Canonical names, the package's added to the module's; a web SDK package references ASP.NET Core.
    private static IReadOnlyList<string> FrameworkReferencesOf(ManifestJson json, IReadOnlyList<string> inherited, bool web)
    {
        var result = new List<string>(inherited);
        foreach (var name in json.StringArray("frameworkReferences") ?? [])
        {
            var framework = Targets.SharedFramework.Find(name) ?? throw json.Error(json.Get("frameworkReferences")!,
                $"field \"frameworkReferences\" has \"{name}\"; known shared frameworks: {string.Join(", ", Targets.SharedFramework.Referenceable.Select(f => f.Name))}");
            if (!result.Contains(framework.Name)) result.Add(framework.Name);
        }
        if (web && !result.Contains(Targets.SharedFramework.AspNetCore.Name)) result.Add(Targets.SharedFramework.AspNetCore.Name);
        return result;
    }

    /// <summary>Reads <c>frameworks</c>: a non-empty list of distinct monikers; null when absent.</summary>
    internal static IReadOnlyList<Targets.TargetFramework>? TargetFrameworks(ManifestJson json)
    {
        if (json.StringArray("frameworks") is not { } monikers) return null;
        var field = json.Get("frameworks")!;
        if (monikers.Count == 0) throw json.Error(field, "field \"frameworks\" is empty; list at least one framework, such as net10.0");
        var result = new List<Targets.TargetFramework>();
        foreach (var m in monikers)
        {
            Targets.TargetFramework framework;
            try
            {
                framework = Targets.TargetFramework.Parse(m);
            }
            catch (Diagnostics.CrossbuildException e)
            {
                throw json.Error(field, e.Message);
            }
            if (result.Contains(framework)) throw json.Error(field, $"field \"frameworks\" lists {m} twice");
            result.Add(framework);
        }
        return result;
    }

    private static string? RootNamespaceOf(ManifestJson json)
    {
        var root = json.String("rootNamespace");
        // MSBuild takes any text (resource names and build_property.RootNamespace use it as it is).
        if (root is not null && (root.Trim().Length == 0 || root.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '/' or '\\' or ';') ||
                                 root.StartsWith('.') || root.EndsWith('.') || root.Contains("..", StringComparison.Ordinal)))
            throw json.Error(json.Get("rootNamespace")!, $"field \"rootNamespace\" is \"{root}\", which is not a namespace");
        return root;
    }

    // Warning codes as csc takes them: an identifier such as CS8602 or IDE0005, digits (8602), or "nullable".
    private static IReadOnlyList<string>? Codes(ManifestJson json, string field)
    {
        if (json.StringArray(field) is not { } codes) return null;
        foreach (var c in codes)
            if (c.Length == 0 || c.Length > 64 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                throw json.Error(json.Get(field)!, $"field \"{field}\" has \"{c}\", which is not a warning code (such as CS8602)");
        return codes;
    }
}

/// <summary>
/// A project-level global using, written in a manifest as C# writes it: <c>System.Text</c>,
/// <c>static System.Math</c>, <c>SB = System.Text.StringBuilder</c>; <c>-System.Net.Http</c> removes one.
/// </summary>
/// <param name="Name">The namespace or type (the SDK's <c>Include</c>).</param>
/// <param name="Alias">The alias, if any.</param>
/// <param name="Static">Whether it is a <c>using static</c>.</param>
/// <param name="Remove">Whether it removes <see cref="Name"/> rather than adding it.</param>
public sealed record GlobalUsing(string Name, string? Alias = null, bool Static = false, bool Remove = false)
{
    /// <summary>Parses the manifest form; null when it is not one.</summary>
    public static GlobalUsing? Parse(string text)
    {
        var t = text.Trim();
        if (t.StartsWith('-')) return IsName(t[1..].Trim()) ? new GlobalUsing(t[1..].Trim(), Remove: true) : null;
        var isStatic = t.StartsWith("static ", StringComparison.Ordinal);
        if (isStatic) t = t["static ".Length..].Trim();
        var eq = t.IndexOf('=');
        if (eq < 0) return IsName(t) ? new GlobalUsing(t, null, isStatic) : null;
        var alias = t[..eq].Trim();
        var name = t[(eq + 1)..].Trim();
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(alias) && IsName(name) ? new GlobalUsing(name, alias, isStatic) : null;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && name.Split('.').All(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier);

    /// <summary>The line the SDK's GenerateGlobalUsings task writes for it.</summary>
    public string Line => "global using " + (Static ? "static " : "") + (Alias is null ? "" : Alias + " = ") + Name + ";";

    /// <inheritdoc/>
    public override string ToString() => (Remove ? "-" : "") + (Static ? "static " : "") + (Alias is null ? "" : Alias + " = ") + Name;
}
