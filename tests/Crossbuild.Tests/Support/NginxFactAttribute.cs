namespace Crossbuild.Tests.Support;

/// <summary>A test that needs nginx (Debian's, with its WebDAV module); skipped, never passed, where it is missing.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxCache.Binary is null) Skip = "needs nginx with the WebDAV module (apt-get install nginx-light); .ci/run installs it";
    }
}
