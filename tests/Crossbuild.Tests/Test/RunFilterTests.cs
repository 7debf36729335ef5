using System.Text.RegularExpressions;
using Crossbuild.Test;
using FluentAssertions;

namespace Crossbuild.Tests.Test;

public sealed class RunFilterTests
{
    [Theory]
    [InlineData("Slug", "FullyQualifiedName~Slug")]
    [InlineData("Parse|Slug", "FullyQualifiedName~Parse|FullyQualifiedName~Slug")]
    [InlineData("^Acme.Text.SlugTests.Makes$", "FullyQualifiedName~SlugTests")]
    [InlineData(@"^Acme\.Text\.SlugTests\.Makes$", "FullyQualifiedName=Acme.Text.SlugTests.Makes")]
    [InlineData("Lowers.*Internally", "FullyQualifiedName~Internally")]
    [InlineData("a|.*", null)]
    [InlineData(@"x\(y", @"FullyQualifiedName~x\(y")]
    public void NarrowsByTheLiteralTextOfEachAlternative(string pattern, string? filter)
    {
        RunFilter.ToVsTest(pattern).Should().Be(filter);
    }

    [Fact]
    public void EveryTestTheExpressionMatchesPassesTheFilter()
    {
        // The filter may let more through, never less: check against names that match.
        var names = new[] { "Acme.Text.SlugTests.Makes", "Acme.Text.SlugTests.Data(a: \"A\")", "Acme.Nu.CalcTests.Cases(1,1,2)" };
        foreach (var pattern in new[] { "Makes", "Data$", "Calc.*Cases", "Slug|Calc", "^Acme\\.Nu\\." })
        {
            var regex = new Regex(pattern);
            var filter = RunFilter.ToVsTest(pattern);
            foreach (var name in names.Where(n => RunFilter.Matches(regex, n)))
            {
                var fqn = name.IndexOf('(') is var p and > 0 ? name[..p] : name;
                if (filter is null) continue;
                filter.Split('|').Any(term => term.StartsWith("FullyQualifiedName=")
                        ? fqn == Regex.Unescape(term["FullyQualifiedName=".Length..])
                        : fqn.Contains(Regex.Unescape(term["FullyQualifiedName~".Length..]), StringComparison.Ordinal))
                    .Should().BeTrue($"{name} matches {pattern}, so {filter} must let it through");
            }
        }
    }

    [Fact]
    public void DurationsReadAsGoWritesThem()
    {
        TestOptions.ParseDuration("90s").Should().Be(TimeSpan.FromSeconds(90));
        TestOptions.ParseDuration("1h30m").Should().Be(TimeSpan.FromMinutes(90));
        TestOptions.ParseDuration("500ms").Should().Be(TimeSpan.FromMilliseconds(500));
        FluentActions.Invoking(() => TestOptions.ParseDuration("soon")).Should().Throw<Crossbuild.Diagnostics.CrossbuildException>().WithMessage("-timeout soon: *");
    }
}
