using System.Runtime.InteropServices;

namespace Crossbuild.Env;

/// <summary>Where the .NET installation is: the dotnet root, the newest SDK and the packs folder.</summary>
/// <param name="DotnetRoot">The folder holding <c>dotnet</c>, <c>sdk/</c>, <c>shared/</c> and <c>packs/</c>, if found.</param>
/// <param name="SdkDirectory">The newest installed SDK folder (<c>sdk/&lt;version&gt;</c>), if any.</param>
public sealed record DotnetEnvironment(string? DotnetRoot, string? SdkDirectory)
{
    private static readonly Lazy<DotnetEnvironment> Lazy = new(Discover);

    /// <summary>The environment of this process, found once.</summary>
    public static DotnetEnvironment Current => Lazy.Value;

    /// <summary>The <c>packs</c> folder, where reference packs and app hosts live.</summary>
    public string? PacksDirectory => DotnetRoot is null ? null : Path.Combine(DotnetRoot, "packs");

    /// <summary>The version of the runtime this process runs on, e.g. 10.0.12.</summary>
    public static string RuntimeVersion => Environment.Version.ToString();

    private static DotnetEnvironment Discover()
    {
        var root = FindRoot();
        string? sdk = null;
        if (root is not null && Directory.Exists(Path.Combine(root, "sdk")))
        {
            // A plain loop: this runs in every process, and LINQ over tuples would be compiled at run time.
            Version? best = null;
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "sdk")))
            {
                if (!Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) || !File.Exists(Path.Combine(dir, "dotnet.dll")))
                    continue;
                var order = best is null ? 1 : v.CompareTo(best);
                if (order == 0) order = string.CompareOrdinal(Path.GetFileName(dir), Path.GetFileName(sdk));
                if (order > 0) (best, sdk) = (v, dir);
            }
        }
        return new DotnetEnvironment(root, sdk);
    }

    private static string? FindRoot()
    {
        foreach (var candidate in Candidates())
            if (candidate is not null && Directory.Exists(Path.Combine(candidate, "shared", "Microsoft.NETCore.App")))
                return Path.GetFullPath(candidate);
        return null;
    }

    private static IEnumerable<string?> Candidates()
    {
        yield return Environment.GetEnvironmentVariable("DOTNET_ROOT");
        // The runtime directory is <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, '/');
        yield return Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeDir)));
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet")
            yield return Path.GetDirectoryName(process);
    }
}
