namespace Crossbuild.Tests.Support;

/// <summary>
/// A test that uses the configured NuGet sources (the real registry or a mirror). It runs only when
/// <c>CROSSBUILD_NETWORK_TESTS=1</c>; otherwise it is reported as skipped, so unit tests never touch the network.
/// </summary>
public sealed class NetworkFactAttribute : FactAttribute
{
    public NetworkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CROSSBUILD_NETWORK_TESTS") != "1")
            Skip = "uses the configured NuGet sources; set CROSSBUILD_NETWORK_TESTS=1 to run";
    }
}
