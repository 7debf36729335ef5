using CsCheck;
using Crossbuild.Fuzz;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Fuzz;

/// <summary>
/// Property tests over every parser of user input (manifests, the lock file, constraint lines, RIDs, patterns,
/// <c>-X</c>, target flags, the matrix and release sections inside the module manifest): for arbitrary and
/// structure-aware mutated inputs, a parse succeeds or fails with one line naming its file or flag; nothing else,
/// and no hang. The long run is <c>bench fuzz 100000</c>.
/// </summary>
public class ParserFuzzTests
{
    public static TheoryData<string> Targets => new(Fuzzing.Targets(Seed.Value.Root).Select(t => t.Name));

    // One module for the pattern target, alive for the test run.
    private static readonly Lazy<TempTree> Seed = new(() =>
    {
        var tree = new TempTree().Module("Acme");
        tree.File("lib/text/text.cs", "namespace Acme.Text; public static class T { }");
        return tree;
    });

    [Theory]
    [MemberData(nameof(Targets))]
    public void AParseSucceedsOrNamesItsInput(string name)
    {
        var target = Fuzzing.Targets(Seed.Value.Root).Single(t => t.Name == name);
        Gen.Int.Sample(seed =>
        {
            var input = target.Generate(new Random(seed));
            Fuzzing.Check(target, input, TimeSpan.FromSeconds(5)).Should().BeNull($"seed {seed}");
        }, iter: 400);
    }

    [Fact]
    public void ArbitraryBytesAreAManifestOrAPositionedError()
    {
        var target = Fuzzing.Targets(Seed.Value.Root).Single(t => t.Name == "module manifest");
        Gen.Byte.Array[0, 64].Sample(bytes =>
            Fuzzing.Check(target, new FuzzInput(bytes, null), TimeSpan.FromSeconds(5)).Should().BeNull(), iter: 1000);
    }
}
