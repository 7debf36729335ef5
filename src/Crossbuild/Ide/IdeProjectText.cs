using System.Security;
using System.Text;
using Crossbuild.Load;

namespace Crossbuild.Ide;

/// <summary>
/// One package as an SDK-style project an editor loads: exactly the package's files for the target (a glob over its
/// directory, so new files show up without a rerun), its settings and preprocessor symbols, a ProjectReference per
/// import and analyzer, and a PackageReference per NuGet package at its locked version.
/// </summary>
internal static class IdeProjectText
{
    /// <summary>The project's text.</summary>
    /// <param name="unit">The package as the target compiles it.</param>
    /// <param name="projectDir">The project's folder, which relative paths start from.</param>
    /// <param name="references">The projects of the packages it imports (full paths).</param>
    /// <param name="analyzers">The projects of the module's analyzer packages it uses (full paths).</param>
    /// <param name="packages">Its direct NuGet packages: ID and locked version.</param>
    /// <param name="directoryFiles">The <c>.cs</c> file names directly in the package's directory now.</param>
    /// <param name="isTest">Whether it is a test assembly's: the package's sources with its test files, an executable
    /// on Microsoft.Testing.Platform as <c>crossbuild test</c> builds it.</param>
    public static string Render(PackageUnit unit, string projectDir, IEnumerable<string> references, IEnumerable<string> analyzers,
        IEnumerable<(string Id, string Version)> packages, IReadOnlyCollection<string> directoryFiles, bool isTest)
    {
        var package = unit.Package;
        var target = unit.Target;
        var s = package.Settings;
        var sb = new StringBuilder();
        sb.Append(IdeFiles.XmlHeader($"from {package.Dir} for {target}")).Append('\n');
        sb.Append("<Project Sdk=\"").Append(s.IsWeb ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk").Append("\">\n");
        sb.Append("  <PropertyGroup>\n");
        Property(sb, "TargetFramework", target.Framework.Moniker);
        Property(sb, "OutputType", isTest ? "Exe" : package.Kind == PackageKind.Exe ? s.WindowsGui ? "WinExe" : "Exe" : "Library");
        Property(sb, "AssemblyName", package.Name);
        Property(sb, "RootNamespace", package.RootNamespace);
        if (s.LangVersion is { } lang) Property(sb, "LangVersion", lang);
        Property(sb, "Nullable", s.Nullable);
        Property(sb, "ImplicitUsings", s.ImplicitUsings ? "enable" : "disable");
        Property(sb, "AllowUnsafeBlocks", Bool(s.AllowUnsafe));
        Property(sb, "TreatWarningsAsErrors", Bool(s.WarningsAsErrors));
        if (s.WarningLevel is { } level) Property(sb, "WarningLevel", level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (s.CheckForOverflowUnderflow) Property(sb, "CheckForOverflowUnderflow", "true");
        if (s.NoWarn.Count > 0) Property(sb, "NoWarn", "$(NoWarn);" + string.Join(';', s.NoWarn));
        if (s.ErrorCodes.Count > 0) Property(sb, "WarningsAsErrors", "$(WarningsAsErrors);" + string.Join(';', s.ErrorCodes));
        if (s.WarningsNotAsErrors.Count > 0) Property(sb, "WarningsNotAsErrors", "$(WarningsNotAsErrors);" + string.Join(';', s.WarningsNotAsErrors));
        if (s.Features.Count > 0) Property(sb, "Features", string.Join(';', s.Features));
        if (package.Kind == PackageKind.Analyzer) Property(sb, "EnforceExtendedAnalyzerRules", "true");
        // Exactly the target's symbols, as Crossbuild defines them (the SDK's own framework and configuration defines
        // are off: MSBuild evaluates these projects as Debug, and a Release or Windows target must show its own code).
        Property(sb, "DisableImplicitFrameworkDefines", "true");
        Property(sb, "DisableImplicitConfigurationDefines", "true");
        Property(sb, "DefineConstants", string.Join(';', package.VisibleSymbols(target)));
        Property(sb, "EnableDefaultItems", "false");
        if (isTest)
        {
            // A test assembly runs on the Testing Platform: MSTest's and NUnit's adapters generate its entry point
            // when asked to (xunit.v3's always does); each framework's build files read only their own property.
            Property(sb, "IsTestProject", "true");
            Property(sb, "EnableMSTestRunner", "true");
            Property(sb, "EnableNUnitRunner", "true");
            // Tests run in their package's directory, as crossbuild test runs them (so testdata/ paths resolve).
            Property(sb, "RunWorkingDirectory", "$(MSBuildProjectDirectory)/" + RelativeDir(projectDir, package.FullDir));
        }
        sb.Append("  </PropertyGroup>\n");

        var dir = RelativeDir(projectDir, package.FullDir);
        var onTop = package.Files.Where(f => !f.Contains('/') && !f.Contains('\\')).ToHashSet(StringComparer.Ordinal);
        var unknownNames = IdeFiles.UnmatchedNamePatterns(target).ToArray();
        // The directory's other .cs files now (constraints, excludes, tests), and for files added later the names
        // whose suffix names another OS or architecture, and test files.
        var excluded = directoryFiles.Where(f => !onTop.Contains(f)).Order(StringComparer.Ordinal).Select(f => dir + f)
            .Concat(unknownNames.Select(p => dir + p)).Concat(isTest ? [] : [dir + "*" + TestFile.Suffix]);
        sb.Append("  <ItemGroup>\n");
        sb.Append("    <Compile Include=\"").Append(Xml(dir + "*.cs")).Append("\"\n             Exclude=\"")
            .Append(string.Join(";\n                      ", excluded.Select(Xml))).Append("\" />\n");
        // Files compiled that the glob leaves out: from elsewhere (include globs), or with names like the patterns.
        foreach (var f in package.Files.Where(f => !onTop.Contains(f) || unknownNames.Any(p => IdeFiles.MatchesSuffix(f, p))))
            sb.Append("    <Compile Include=\"").Append(Xml(Relative(projectDir, Path.Combine(package.FullDir, f)))).Append("\" />\n");
        sb.Append("  </ItemGroup>\n");

        var items = new List<string>();
        foreach (var u in s.Usings)
            items.Add(u.Remove ? $"<Using Remove=\"{Xml(u.Name)}\" />"
                : $"<Using Include=\"{Xml(u.Name)}\"{(u.Alias is null ? "" : $" Alias=\"{Xml(u.Alias)}\"")}{(u.Static ? " Static=\"true\"" : "")} />");
        foreach (var f in s.FrameworkReferences) items.Add($"<FrameworkReference Include=\"{Xml(f)}\" />");
        foreach (var r in references.Order(StringComparer.Ordinal)) items.Add($"<ProjectReference Include=\"{Xml(Relative(projectDir, r))}\" />");
        foreach (var a in analyzers.Order(StringComparer.Ordinal))
            items.Add($"<ProjectReference Include=\"{Xml(Relative(projectDir, a))}\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />");
        foreach (var (id, version) in packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
            items.Add($"<PackageReference Include=\"{Xml(id)}\" Version=\"{Xml(version)}\" />");
        if (items.Count > 0)
        {
            sb.Append("  <ItemGroup>\n");
            foreach (var i in items) sb.Append("    ").Append(i).Append('\n');
            sb.Append("  </ItemGroup>\n");
        }
        sb.Append("</Project>\n");
        return sb.ToString();
    }

    private static void Property(StringBuilder sb, string name, string value) =>
        sb.Append("    <").Append(name).Append('>').Append(Xml(value)).Append("</").Append(name).Append(">\n");

    private static string Bool(bool b) => b ? "true" : "false";

    private static string Xml(string text) => SecurityElement.Escape(text);

    // '/'-separated, as MSBuild reads on every OS.
    private static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');

    // A directory, ending with '/' (empty for the project's own).
    private static string RelativeDir(string from, string to) => Relative(from, to) is "." ? "" : Relative(from, to).TrimEnd('/') + "/";
}
