using Crossbuild.Cache;
using Crossbuild.Deps;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>The global packages folder is asked of NuGet once, and again whenever a config file it reads changes.</summary>
public class GlobalFolderLocatorTests
{
    [Fact]
    public void NuGetIsAskedAgainOnlyWhenAConfigFileChanges()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("cache"));
        var asked = 0;
        var answer = "/first";
        string Load() { asked++; return answer; }
        var config = tree.Path("module/nuget.config");
        tree.File("module/nuget.config", "<configuration />");
        var old = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(config, old);

        GlobalFolderLocator.Locate(tree.Path("module"), cache, Load, null).Should().Be("/first");
        GlobalFolderLocator.Locate(tree.Path("module"), cache, Load, null).Should().Be("/first");
        asked.Should().Be(1, "the second call is answered from the memo");

        answer = "/second";
        tree.File("module/nuget.config", "<configuration><config /></configuration>");
        File.SetLastWriteTimeUtc(config, old.AddSeconds(1));
        GlobalFolderLocator.Locate(tree.Path("module"), cache, Load, null).Should().Be("/second");
        asked.Should().Be(2);

        // A new config further up the tree counts too.
        tree.File("nuget.config", "<configuration />");
        File.SetLastWriteTimeUtc(tree.Path("nuget.config"), old);
        GlobalFolderLocator.Locate(tree.Path("module"), cache, Load, null);
        asked.Should().Be(3);

        // NUGET_PACKAGES wins without asking.
        GlobalFolderLocator.Locate(tree.Path("module"), cache, Load, tree.Path("env")).Should().Be(tree.Path("env"));
        asked.Should().Be(3);
    }

    [Fact]
    public void AConfigFileChangedJustNowIsNotTrusted()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("cache"));
        var asked = 0;
        tree.File("module/nuget.config", "<configuration />");
        GlobalFolderLocator.Locate(tree.Path("module"), cache, () => { asked++; return "/x"; }, null);
        GlobalFolderLocator.Locate(tree.Path("module"), cache, () => { asked++; return "/x"; }, null);
        asked.Should().Be(2, "a file modified within the mtime granularity could change again unseen");
    }
}
