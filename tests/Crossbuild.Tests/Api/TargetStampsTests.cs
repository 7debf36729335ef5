using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Api;

/// <summary>Content-addressed up-to-date checks for build-script targets.</summary>
public class TargetStampsTests
{
    [Fact]
    public void ATargetIsUpToDateOnlyForInputContentsThatSucceededWithItsOutputsPresent()
    {
        using var tree = new TempTree();
        tree.File("src/a.cs", "a").File("src/sub/b.cs", "b").File("out/app", "x");
        var stamps = new TargetStamps(tree.Path("cache"));
        TargetInputs Hash() => stamps.Hash("Compile", [tree.Path("src")], [tree.Path("out/app")]);

        var before = Hash();
        before.Files.Should().Be(2);
        stamps.IsUpToDate(before).Should().BeFalse();
        stamps.Succeeded(before);
        stamps.IsUpToDate(Hash()).Should().BeTrue();

        File.SetLastWriteTimeUtc(tree.Path("src/a.cs"), DateTime.UtcNow.AddHours(1));
        stamps.IsUpToDate(Hash()).Should().BeTrue("timestamps play no part");

        tree.File("src/a.cs", "a2");
        stamps.IsUpToDate(Hash()).Should().BeFalse();
        tree.File("src/a.cs", "a");
        stamps.IsUpToDate(Hash()).Should().BeTrue("the old contents' stamp is still there");

        stamps.IsUpToDate(stamps.Hash("Pack", [tree.Path("src")])).Should().BeFalse("stamps are per target");

        // Build from other inputs (its outputs overwrite the old ones), then go back: the old stamp no longer holds.
        tree.File("src/a.cs", "a3");
        var other = Hash();
        tree.File("out/app", "built from a3");
        File.SetLastWriteTimeUtc(tree.Path("out/app"), DateTime.UtcNow.AddMinutes(1));
        stamps.Succeeded(other);
        tree.File("src/a.cs", "a");
        stamps.IsUpToDate(Hash()).Should().BeFalse("the outputs were rebuilt from other inputs since");
        tree.File("src/a.cs", "a3");
        stamps.IsUpToDate(Hash()).Should().BeTrue();

        File.Delete(tree.Path("out/app"));
        stamps.IsUpToDate(Hash()).Should().BeFalse("an output is missing");
    }
}
