using System.Text;
using NuGet.Packaging;
using NuGet.Packaging.Core;

namespace Crossbuild.Release;

/// <summary>
/// An executable as a .NET 10 RID-specific dotnet tool, laid out as <c>dotnet pack</c> lays one out with
/// <c>PackAsTool</c> and <c>RuntimeIdentifiers</c>: a pointer package <c>&lt;id&gt;</c> (type DotnetTool) whose
/// <c>tools/any/any/DotnetToolSettings.xml</c> names a package per runtime, and per runtime <c>&lt;id&gt;.&lt;rid&gt;</c>
/// (type DotnetToolRidPackage) with the app under <c>tools/&lt;tfm&gt;/&lt;rid&gt;/</c> and its launcher as the entry point.
/// <c>dotnet tool install &lt;id&gt;</c> picks the package for the machine's runtime.
/// </summary>
public static class ToolPackage
{
    /// <summary>One runtime's build of the tool: its RID, launcher file name and files (full paths, in its folder).</summary>
    /// <param name="Rid">The runtime identifier.</param>
    /// <param name="Folder">The folder holding the app's files.</param>
    /// <param name="Launcher">The launcher's file name (<c>hello</c>, <c>hello.exe</c>).</param>
    /// <param name="Files">The app's files.</param>
    public sealed record RuntimeBuild(string Rid, string Folder, string Launcher, IReadOnlyList<string> Files);

    /// <summary>Writes the pointer package and one package per runtime into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<(string Path, string? Rid)> Write(string directory, string id, string framework, ReleaseVersion version,
        ReleaseManifest meta, string moduleName, IReadOnlyList<RuntimeBuild> builds)
    {
        var written = new List<(string, string?)>();
        foreach (var build in builds.OrderBy(b => b.Rid, StringComparer.Ordinal))
        {
            var package = Builder($"{id}.{build.Rid}", "DotnetToolRidPackage", version, meta, moduleName);
            foreach (var file in build.Files)
                package.Files.Add(new PhysicalPackageFile { SourcePath = file, TargetPath = $"tools/{framework}/{build.Rid}/{Path.GetRelativePath(build.Folder, file).Replace('\\', '/')}" });
            package.Files.Add(Settings($"tools/{framework}/{build.Rid}/DotnetToolSettings.xml",
                $"    <Command Name=\"{id}\" EntryPoint=\"{build.Launcher}\" Runner=\"executable\" />\n", ""));
            written.Add((Save(package, directory), build.Rid));
        }
        var pointer = Builder(id, "DotnetTool", version, meta, moduleName);
        pointer.Files.Add(Settings("tools/any/any/DotnetToolSettings.xml", $"    <Command Name=\"{id}\" />\n",
            "  <RuntimeIdentifierPackages>\n" +
            string.Concat(builds.OrderBy(b => b.Rid, StringComparer.Ordinal)
                .Select(b => $"    <RuntimeIdentifierPackage RuntimeIdentifier=\"{b.Rid}\" Id=\"{id}.{b.Rid}\" />\n")) +
            "  </RuntimeIdentifierPackages>\n"));
        written.Add((Save(pointer, directory), null));
        return written;
    }

    private static PhysicalPackageFile Settings(string target, string commands, string rest) =>
        new(new MemoryStream(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DotNetCliTool Version=\"2\">\n  <Commands>\n" + commands + "  </Commands>\n" + rest + "</DotNetCliTool>\n")))
        {
            TargetPath = target,
        };

    private static PackageBuilder Builder(string id, string type, ReleaseVersion version, ReleaseManifest meta, string moduleName)
    {
        var builder = LibraryPackage.NewBuilder(id, version, meta, moduleName);
        builder.PackageTypes = [new PackageType(type, PackageType.EmptyVersion)];
        return builder;
    }

    private static string Save(PackageBuilder builder, string directory)
    {
        var path = Path.Combine(directory, $"{builder.Id}.{builder.Version!.ToNormalizedString()}.nupkg");
        LibraryPackage.Save(builder, path);
        return path;
    }
}
