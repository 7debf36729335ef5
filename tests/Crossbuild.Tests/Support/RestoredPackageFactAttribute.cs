namespace Crossbuild.Tests.Support;

/// <summary>
/// A fact that needs a real NuGet package the test project restores (<c>PackageDownload</c>); it is skipped, not
/// passed, when the package is not in the global packages folder.
/// </summary>
public sealed class RestoredPackageFactAttribute : FactAttribute
{
    /// <summary>Needs <paramref name="id"/> <paramref name="version"/>.</summary>
    public RestoredPackageFactAttribute(string id, string version)
    {
        if (RestoredPackage.Nupkg(id, version) is null)
            Skip = $"needs {id} {version} in the global packages folder (the test project's PackageDownload restores it)";
    }
}

/// <summary>Finds restored packages in the global packages folder.</summary>
public static class RestoredPackage
{
    /// <summary>The global packages folder the test project restored into.</summary>
    public static string GlobalFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                                         Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The path of the restored <c>.nupkg</c> of <paramref name="id"/> <paramref name="version"/>, or null.</summary>
    public static string? Nupkg(string id, string version)
    {
        var lower = id.ToLowerInvariant();
        var path = Path.Combine(GlobalFolder, lower, version, $"{lower}.{version}.nupkg");
        return File.Exists(path) ? path : null;
    }
}
