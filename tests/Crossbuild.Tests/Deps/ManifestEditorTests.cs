using Crossbuild.Deps;

namespace Crossbuild.Tests.Deps;

/// <summary><c>crossbuild get</c> edits crossbuild.json in place: comments and formatting elsewhere survive.</summary>
public class ManifestEditorTests
{
    [Fact]
    public void AnExistingEntryKeepsItsSpellingAndEverythingAroundIt()
    {
        const string text = "{\n  // the module\n  \"module\": \"App\",\n  \"packages\": {\n    \"newtonsoft.json\": \"13.0.1\", // pinned\n    \"Serilog\": \"4.0.0\"\n  }\n}\n";
        var (edited, before) = ManifestEditor.Edit(text, "Newtonsoft.Json", "\"13.0.3\"");
        before.Should().Be("13.0.1");
        edited.Should().Be(text.Replace("\"13.0.1\"", "\"13.0.3\""));
    }

    [Fact]
    public void ANewEntryGoesAfterTheLastOneWithItsIndentation()
    {
        const string text = "{\n  \"module\": \"App\",\n  \"packages\": {\n    \"Serilog\": \"4.0.0\" /* logs */\n  }\n}\n";
        var (edited, before) = ManifestEditor.Edit(text, "Dapper", "\"2.1.66\"");
        before.Should().BeNull();
        edited.Should().Be("{\n  \"module\": \"App\",\n  \"packages\": {\n    \"Serilog\": \"4.0.0\",\n    \"Dapper\": \"2.1.66\" /* logs */\n  }\n}\n");
    }

    [Fact]
    public void AnEmptySectionAndAMissingSectionAreFilledIn()
    {
        ManifestEditor.Edit("{\n  \"module\": \"App\",\n  \"packages\": {}\n}\n", "Dapper", "\"2.1.66\"").Text
            .Should().Be("{\n  \"module\": \"App\",\n  \"packages\": {\n    \"Dapper\": \"2.1.66\"\n  }\n}\n");
        ManifestEditor.Edit("{\n  // keep me\n  \"module\": \"App\",\n  \"nullable\": \"enable\" // and me\n}\n", "Dapper", "\"[2.1,3.0)\"").Text
            .Should().Be("{\n  // keep me\n  \"module\": \"App\",\n  \"nullable\": \"enable\",\n  \"packages\": {\n    \"Dapper\": \"[2.1,3.0)\"\n  } // and me\n}\n");
    }
}
