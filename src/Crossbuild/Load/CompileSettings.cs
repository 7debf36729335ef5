namespace Crossbuild.Load;

/// <summary>
/// Per-package compile settings: module-wide defaults from crossbuild.json, overridden per package.
/// Defaults follow what <c>dotnet new console</c> sets up: nullable and implicit usings enabled.
/// </summary>
/// <param name="Nullable">enable, disable, warnings or annotations.</param>
/// <param name="LangVersion">The C# language version, or null for the framework's default.</param>
/// <param name="ImplicitUsings">Whether the SDK's implicit global usings are added.</param>
/// <param name="AllowUnsafe">Whether unsafe code is allowed.</param>
/// <param name="WarningsAsErrors">Whether warnings fail the build.</param>
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

    /// <summary>The nullable values a manifest accepts.</summary>
    internal static readonly string[] NullableValues = ["enable", "disable", "warnings", "annotations"];

    /// <summary>Field names that carry compile settings, shared by module and package manifests.</summary>
    internal static readonly string[] FieldNames = ["nullable", "langVersion", "implicitUsings", "allowUnsafe", "warningsAsErrors", "windowsGui"];

    /// <summary>Returns these settings overridden by whatever <paramref name="json"/> sets.</summary>
    internal CompileSettings OverriddenBy(ManifestJson json)
    {
        var lang = json.String("langVersion");
        if (lang is not null && !Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.TryParse(lang, out _))
            throw json.Error(json.Get("langVersion")!, $"field \"langVersion\" has unknown C# version \"{lang}\"");
        return new CompileSettings(
            json.OneOf("nullable", NullableValues) ?? Nullable,
            lang ?? LangVersion,
            json.Bool("implicitUsings") ?? ImplicitUsings,
            json.Bool("allowUnsafe") ?? AllowUnsafe,
            json.Bool("warningsAsErrors") ?? WarningsAsErrors,
            json.Bool("windowsGui") ?? WindowsGui);
    }
}
