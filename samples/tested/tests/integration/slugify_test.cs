using Tested.Text;
using Xunit;

namespace Tested.Integration;

// A test-only package (Go's package x_test): it uses lib/text through its public API.
public class SlugifyTests
{
    [Theory]
    [InlineData("A B", "a-b")]
    [InlineData("Tested", "tested")]
    public void Slugs(string title, string slug) => Assert.Equal(slug, Slug.Make(title));

    [Fact]
    public void GreetsFromTheEnvironment() =>
        Assert.Equal("hello-there", Slug.Make(Environment.GetEnvironmentVariable("TESTED_GREETING") ?? "Hello There"));
}
