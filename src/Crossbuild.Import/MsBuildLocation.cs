using Crossbuild.Diagnostics;
using Microsoft.Build.Locator;

namespace Crossbuild.Import;

/// <summary>
/// Makes the installed .NET SDK's MSBuild loadable in this process, once, before any MSBuild type is touched:
/// the SDK <c>dotnet</c> would pick for the project's directory (its global.json honoured).
/// </summary>
internal static class MsBuildLocation
{
    private static readonly Lock Gate = new();
    private static string? _registered;

    /// <summary>Registers the SDK for <paramref name="projectDir"/>; returns its MSBuild directory.</summary>
    public static string Register(string projectDir)
    {
        lock (Gate)
        {
            if (_registered is not null) return _registered;
            if (MSBuildLocator.IsRegistered) return _registered = "";
            var instances = MSBuildLocator.QueryVisualStudioInstances(new VisualStudioInstanceQueryOptions
            {
                DiscoveryTypes = DiscoveryType.DotNetSdk,
                WorkingDirectory = projectDir,
            }).ToArray();
            if (instances.Length == 0)
                throw new CrossbuildException("init: no .NET SDK found to evaluate the project with (install the .NET SDK, or check global.json)");
            // The first is the one dotnet resolves for the directory (global.json honoured).
            var sdk = instances[0];
            MSBuildLocator.RegisterInstance(sdk);
            return _registered = sdk.MSBuildPath;
        }
    }
}
