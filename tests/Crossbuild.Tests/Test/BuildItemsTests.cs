using Crossbuild.Test;
using Crossbuild.Tests.Support;
using FluentAssertions;
using NuGet.Frameworks;

namespace Crossbuild.Tests.Test;

/// <summary>The static reading of packages' MSBuild files: properties, conditions and the items they leave.</summary>
public sealed class BuildItemsTests
{
    private static readonly string ThisFile = Path.Combine(Path.GetTempPath(), "pkg", "build", "x.props");

    [Theory]
    [InlineData("", true)]
    [InlineData("'$(Unset)' == ''", true)]
    [InlineData("'$(OS)' == 'Windows_NT'", false)]
    [InlineData("'$(OS)' != 'windows_nt'", true)] // comparisons ignore case, as in MSBuild
    [InlineData(" ('$(Platform)' == 'x86' OR '$(PlatformTarget)' == 'x86') AND '$(OS)' == 'Unix'", false)]
    [InlineData("('$(Platform)' != 'x86' AND '$(PlatformTarget)' != 'x86') and '$(OS)' == 'Unix'", true)]
    [InlineData("!('$(Flag)' == 'true')", false)]
    [InlineData("$(Flag)", true)]
    [InlineData("'$(Flag)' == 'true' or '$([System.String]::Copy(x))' == ''", null)] // a property function is not read
    [InlineData("'$(Platform)' < '3'", null)]
    public void ConditionsAreReadAsMsBuildReadsThem(string condition, bool? expected)
    {
        var properties = new BuildProperties([new("OS", "Unix"), new("Platform", "AnyCPU"), new("Flag", "true")]);
        properties.Holds(condition, ThisFile).Should().Be(expected);
    }

    [Fact]
    public void ExpansionKnowsTheFilesOwnDirectory()
    {
        var properties = new BuildProperties([new("Root", "lib")]);
        properties.Expand("$(MSBuildThisFileDirectory)$(Root)/a.dll", ThisFile)
            .Should().Be(Path.GetDirectoryName(ThisFile) + Path.DirectorySeparatorChar + "lib/a.dll");
        properties.Expand("$([MSBuild]::NormalizePath('a'))", ThisFile).Should().BeNull();
    }

    [RestoredPackageFact("Microsoft.TestPlatform.TestHost", "17.14.1")]
    public void TheTestHostsRuntimeOptionIsReadAndItsWindowsOnlyFilesAreLeftOut()
    {
        // Its targets set MSTest.EnableParentProcessQuery from a property with conditions; its props copy
        // testhost.x86 files only on Windows.
        var folder = Path.Combine(RestoredPackage.GlobalFolder, "microsoft.testplatform.testhost", "17.14.1");
        var items = BuildItems.Read(folder, "Microsoft.TestPlatform.TestHost", NuGetFramework.Parse("net10.0"));
        items.RuntimeOptions.Should().Equal(("MSTest.EnableParentProcessQuery", "true"));
        if (OperatingSystem.IsWindows()) items.Copies.Should().NotBeEmpty();
        else items.Copies.Should().BeEmpty();
    }
}
