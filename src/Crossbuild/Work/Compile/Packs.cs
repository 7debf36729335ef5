using Crossbuild.Diagnostics;
using Crossbuild.Env;
using Crossbuild.Targets;

namespace Crossbuild.Work.Compile;

/// <summary>Finds the installed SDK packs a target needs: the framework's reference pack and a RID's app host pack.</summary>
public static class Packs
{
    /// <summary>The name of the reference pack for .NET.</summary>
    public const string ReferencePackName = "Microsoft.NETCore.App.Ref";

    /// <summary>
    /// The newest installed version folder of <paramref name="packName"/> whose version matches the framework's
    /// major and minor version, as the SDK picks its bundled pack; a clear error when there is none.
    /// </summary>
    public static string Find(string packName, TargetFramework framework) =>
        Once((packName, framework.Moniker), () => Search(packName, framework));

    // Packs do not come and go during a build; a process looks each up once, while its folder is there. A failure
    // is not kept: a long-lived process (the build server, a build script) may find the pack on its next build.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Lazy<string>> Found = new();

    private static string Once((string, string) key, Func<string> find)
    {
        var lazy = Found.GetOrAdd(key, _ => new Lazy<string>(find));
        try
        {
            var dir = lazy.Value;
            if (Directory.Exists(dir)) return dir;
        }
        catch (CrossbuildException)
        {
            Found.TryRemove(new KeyValuePair<(string, string), Lazy<string>>(key, lazy));
            throw;
        }
        Found.TryRemove(new KeyValuePair<(string, string), Lazy<string>>(key, lazy)); // deleted since: look again
        return Found.GetOrAdd(key, _ => new Lazy<string>(find)).Value;
    }

    // A fetched pack is where the module's NuGet configuration puts the global packages folder.
    private static (string, string) Fetched(string id, TargetFramework framework, string configRoot) =>
        (id, $"{framework.Moniker}|nuget|{configRoot}|{Environment.GetEnvironmentVariable("NUGET_PACKAGES")}");

    private static string Search(string packName, TargetFramework framework)
    {
        var packs = DotnetEnvironment.Current.PacksDirectory;
        var dir = packs is null ? null : Path.Combine(packs, packName);
        var found = dir is not null && Directory.Exists(dir)
            ? Directory.GetDirectories(dir)
                .Select(d => (dir: d, version: ParseVersion(Path.GetFileName(d))))
                .Where(x => x.version is { } v && v.Major == framework.Version.Major && v.Minor == framework.Version.Minor)
                .OrderByDescending(x => x.version)
                .Select(x => x.dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new CrossbuildException(
            $"framework {framework}: pack {packName} {framework.Version.Major}.{framework.Version.Minor}.* not found in {dir ?? "(no dotnet root found)"}");
    }

    /// <summary>
    /// Like <see cref="Find"/>, but a pack the SDK lacks is fetched from NuGet into the global packages folder, in
    /// the version this SDK uses for the framework (its bundled versions: the targeting pack version for the
    /// reference pack, the latest runtime version for host and runtime packs), as restore would download it.
    /// </summary>
    public static string FindOrFetch(string packName, TargetFramework framework, string configRoot)
    {
        try
        {
            return Find(packName, framework);
        }
        catch (CrossbuildException) when (Env.DotnetEnvironment.Current.SdkDirectory is not null)
        {
            var version = (packName == ReferencePackName ? Env.BundledVersions.TargetingPack(framework) : Env.BundledVersions.Runtime(framework))
                          ?? throw new CrossbuildException($"framework {framework}: this SDK knows no version of {packName} for it");
            return Once(Fetched(packName, framework, configRoot), () => Deps.PackageFetcher.Ensure(packName, version, configRoot));
        }
    }

    // The references a .NET Framework project gets by default (the SDK's implicit Reference items).
    private static readonly string[] NetFrameworkReferences =
    [
        "mscorlib.dll", "System.dll", "System.Core.dll", "System.Data.dll", "System.Drawing.dll", "System.IO.Compression.FileSystem.dll",
        "System.Numerics.dll", "System.Runtime.Serialization.dll", "System.Xml.dll", "System.Xml.Linq.dll",
    ];

    /// <summary>
    /// Where the reference assemblies of a libraries-only framework are, as the SDK finds them (the SDK's packs folder
    /// first, else NuGet, nuget.config found from <paramref name="configRoot"/>): NETStandard.Library 2.0.3's
    /// <c>build/netstandard2.0/ref</c> (the package the SDK references implicitly); the NETStandard.Library.Ref 2.1.0
    /// pack's <c>ref/netstandard2.1</c>; Microsoft.NETFramework.ReferenceAssemblies.&lt;tfm&gt; 1.0.3's
    /// <c>build/.NETFramework/v4.x</c>, of which only the SDK's default references (<paramref name="framework"/>'s
    /// <c>Only</c>) are used.
    /// </summary>
    public static (string PackDirectory, string RefDirectory, string[]? Only) LibraryOnly(TargetFramework framework, string? configRoot)
    {
        var (id, version, sub, only) = framework.IsNetFramework
            ? ($"Microsoft.NETFramework.ReferenceAssemblies.{framework.Moniker}", "1.0.3", Path.Combine("build", ".NETFramework", "v" + framework.Version), NetFrameworkReferences)
            : framework.Version.Minor >= 1
                ? ("NETStandard.Library.Ref", "2.1.0", Path.Combine("ref", "netstandard2.1"), (string[]?)null)
                : ("NETStandard.Library", "2.0.3", Path.Combine("build", "netstandard2.0", "ref"), null);
        var pack = Env.DotnetEnvironment.Current.PacksDirectory is { } packs && Directory.Exists(Path.Combine(packs, id, version))
            ? Path.Combine(packs, id, version)
            : configRoot is not null
                ? Once(Fetched(id, framework, configRoot), () => Deps.PackageFetcher.Ensure(id, version, configRoot))
                : throw new CrossbuildException($"framework {framework}: {id} {version} is not in the SDK's packs folder");
        var refDir = Path.Combine(pack, sub);
        if (!Directory.Exists(refDir))
            throw new CrossbuildException($"framework {framework}: {id} {version} at {pack} has no {sub.Replace('\\', '/')} folder");
        return (pack, refDir, only);
    }

    /// <summary>The version of a pack folder, e.g. <c>10.0.12</c> for <c>.../Microsoft.NETCore.App.Ref/10.0.12</c>.</summary>
    public static string VersionOf(string packDir) => Path.GetFileName(packDir.TrimEnd('/', '\\'));

    private static Version? ParseVersion(string text) =>
        Version.TryParse(text.Split('-')[0], out var v) ? v : null;
}
