using Xunit;

namespace Tested.Text;

public class SlugTests
{
    [Fact]
    public void JoinsWords() => Assert.Equal("hello-big-world", Slug.Make("  Hello  Big World "));

    [Fact]
    public void LowersWithTheInternalHelper() => Assert.Equal("abc", Slug.Lower(" ABC "));

    // testdata/ holds fixtures; its contents are inputs of the cached result.
    [Fact]
    public void MatchesTheFixtures()
    {
        foreach (var line in File.ReadAllLines("testdata/titles.txt"))
        {
            var parts = line.Split(" => ");
            Assert.Equal(parts[1], Slug.Make(parts[0]));
        }
    }
}
