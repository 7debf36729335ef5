using Crossbuild.Targets;
using Crossbuild.Work.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Crossbuild.Tests.Support;

/// <summary>
/// A NuGet package built by a test with NuGet.Packaging's <c>PackageBuilder</c>: dependency groups per framework,
/// library assemblies compiled from C# in the test, raw files (native libraries), analyzers. Saved into a
/// <see cref="LocalFeed"/>.
/// </summary>
public sealed class TestPackage(string id, string version)
{
    private readonly List<PackageDependencyGroup> _groups = [];
    private readonly List<(string Target, byte[] Content)> _files = [];
    private readonly List<ManifestContentFiles> _contentFiles = [];
    private readonly List<FrameworkReferenceGroup> _frameworkReferences = [];
    private string? _license;

    /// <summary>Gives the nuspec a licence expression (<c>&lt;license type="expression"&gt;</c>).</summary>
    public TestPackage License(string expression)
    {
        _license = expression;
        return this;
    }

    /// <summary>Adds a nuspec <c>frameworkReferences</c> group for <paramref name="framework"/>.</summary>
    public TestPackage FrameworkReferences(string framework, params string[] names)
    {
        _frameworkReferences.Add(new FrameworkReferenceGroup(NuGetFramework.Parse(framework), names.Select(n => new FrameworkReference(n))));
        return this;
    }

    /// <summary>Adds a nuspec <c>contentFiles</c> entry.</summary>
    public TestPackage ContentFiles(string include, string? buildAction = null, bool? copyToOutput = null, bool? flatten = null)
    {
        _contentFiles.Add(new ManifestContentFiles
        {
            Include = include,
            BuildAction = buildAction,
            CopyToOutput = copyToOutput?.ToString().ToLowerInvariant(),
            Flatten = flatten?.ToString().ToLowerInvariant(),
        });
        return this;
    }

    /// <summary>Adds a dependency group for <paramref name="framework"/> (null: any framework).</summary>
    public TestPackage DependsOn(string? framework, params (string Id, string Range)[] dependencies)
    {
        _groups.Add(new PackageDependencyGroup(framework is null ? NuGetFramework.AnyFramework : NuGetFramework.Parse(framework),
            dependencies.Select(d => new PackageDependency(d.Id, VersionRange.Parse(d.Range)))));
        return this;
    }

    /// <summary>Adds <c>lib/&lt;framework&gt;/&lt;id&gt;.dll</c> compiled from <paramref name="source"/>.</summary>
    public TestPackage Lib(string framework, string source, params MetadataReference[] references) =>
        File($"lib/{framework}/{id}.dll", Compile(id, source, OutputKind.DynamicallyLinkedLibrary, references));

    /// <summary>Adds a file with <paramref name="content"/> at <paramref name="target"/> inside the package.</summary>
    public TestPackage File(string target, byte[] content)
    {
        _files.Add((target, content));
        return this;
    }

    /// <summary>Builds the nupkg into <paramref name="tree"/>'s feed.</summary>
    public void SaveTo(TempTree tree)
    {
        var builder = new PackageBuilder { Id = id, Version = NuGetVersion.Parse(version), Description = "test package" };
        builder.Authors.Add("tests");
        builder.DependencyGroups.AddRange(_groups);
        builder.ContentFiles.AddRange(_contentFiles);
        builder.FrameworkReferenceGroups.AddRange(_frameworkReferences);
        if (_license is not null)
            builder.LicenseMetadata = new LicenseMetadata(LicenseType.Expression, _license,
                NuGet.Packaging.Licenses.NuGetLicenseExpression.Parse(_license), null, LicenseMetadata.CurrentVersion);
        var staging = tree.Path($".staging/{id}.{version}");
        foreach (var (target, content) in _files)
        {
            var path = Path.Combine(staging, target.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllBytes(path, content);
            builder.Files.Add(new PhysicalPackageFile { SourcePath = path, TargetPath = target });
        }
        using var stream = System.IO.File.Create(tree.Path($"feed/{id}.{version}.nupkg"));
        builder.Save(stream);
    }

    /// <summary>Compiles <paramref name="source"/> against .NET's reference assemblies (and <paramref name="references"/>).</summary>
    public static byte[] Compile(string assemblyName, string source, OutputKind kind, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)],
            [.. Crossbuild.Work.Compile.FrameworkReferences.For(TargetFramework.Default).References, .. references],
            new CSharpCompilationOptions(kind, deterministic: true));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        result.Success.Should().BeTrue(string.Join("\n", result.Diagnostics));
        return pe.ToArray();
    }
}
