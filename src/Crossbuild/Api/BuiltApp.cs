namespace Crossbuild;

/// <summary>An executable written by a build.</summary>
/// <param name="PackageDir">The package's Dir.</param>
/// <param name="Name">The assembly name.</param>
/// <param name="AppHostPath">The native launcher's full path.</param>
/// <param name="AssemblyPath">The app assembly's full path (for <c>dotnet &lt;path&gt;</c>).</param>
public sealed record BuiltApp(string PackageDir, string Name, string AppHostPath, string AssemblyPath)
{
    /// <summary>The runtime identifier the app was built for.</summary>
    public string Runtime { get; init; } = "";

    /// <summary>Every file written for the app (the launcher last), full paths.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
