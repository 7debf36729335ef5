using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Cache;

/// <summary>The cache store itself: entries, verification and trimming.</summary>
public class BuildCacheTests
{
    private static string Id(char c) => "ab" + new string(c, 62);

    [Fact]
    public void AnEntryRoundTripsWithItsOutputsDiagnosticsAndFacts()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        var warning = new BuildDiagnostic("warning", "CS0168", "msg", "a.cs", 4, 34, "lib/w");
        cache.Put(Id('0'), [("dll", [1, 2, 3]), ("ref", [4])], [warning], [new("used-indirect", "X 00")]);
        var entry = cache.Get(Id('0'))!;
        cache.Read(entry.Output("dll")).Should().Equal(1, 2, 3);
        cache.Read(entry.Output("ref")).Should().Equal(4);
        entry.Diagnostics.Should().Equal(warning);
        entry.Facts.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("used-indirect", "X 00"));
        cache.Get(Id('9')).Should().BeNull();
    }

    [Fact]
    public void FactsKeepTabsNewlinesAndBackslashes()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        var facts = new KeyValuePair<string, string>[] { new("k\\ey\t1", "a\tb\nc\\d\\tz"), new("plain", "") };
        cache.Put(Id('5'), [], [], facts);
        cache.Get(Id('5'))!.Facts.Should().Equal(facts);
    }

    [Fact]
    public void AnEntryInAnotherFormatVersionIsAQuietMiss()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        cache.Put(Id('6'), [], [], [new("k", "v")]);
        var path = Directory.GetFiles(tree.Path("c"), "*-a", SearchOption.AllDirectories).Single();
        File.WriteAllText(path, "crossbuild-cache-entry 1\nfact [\"k\",\"v\"]\nend 00\n");
        var problems = new List<string>();
        cache.Get(Id('6'), problems.Add).Should().BeNull();
        problems.Should().BeEmpty();
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void AnAlteredEntryIsReportedAndDeleted()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        cache.Put(Id('3'), [("dll", [1])], [], []);
        var path = Directory.GetFiles(tree.Path("c"), "*-a", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(path);
        bytes[30] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var problems = new List<string>();
        cache.Get(Id('3'), problems.Add).Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Contain("is corrupt");
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void AMissingOutputIsCorruption()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        var entry = cache.Put(Id('1'), [("dll", [9, 9])], [], []);
        foreach (var f in Directory.GetFiles(tree.Path("c"), "*-d", SearchOption.AllDirectories)) File.Delete(f);
        var act = () => cache.Read(entry.Output("dll"));
        act.Should().Throw<CacheCorruptException>().WithMessage("*missing");
    }

    [Fact]
    public void TrimmingRemovesFilesUnusedForFiveDaysAtMostOnceADay()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        cache.Put(Id('2'), [("dll", [7])], [], []);
        var now = DateTime.UtcNow;
        cache.TrimIfDue(now).Should().Be(0);
        cache.TrimIfDue(now.AddHours(12)).Should().Be(-1, "a trim ran less than a day ago");
        cache.TrimIfDue(now.AddDays(6)).Should().Be(2);
        Directory.GetFiles(tree.Path("c"), "*-?", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void TrimmingAgesTheLoadersFactsAsItAgesEntries()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        var facts = tree.File("c/facts/ab/abcd-f", "facts").Path("c/facts/ab/abcd-f");
        var fresh = tree.File("c/facts/cd/cdef-f", "facts").Path("c/facts/cd/cdef-f");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(facts, now.AddDays(-6)); // written six days ago and not read since
        File.SetLastWriteTimeUtc(fresh, now.AddDays(-1));
        cache.TrimIfDue(now).Should().Be(1);
        File.Exists(facts).Should().BeFalse();
        File.Exists(fresh).Should().BeTrue();
    }

    [Fact]
    public void CleanLeavesAnEmptyCacheFolder()
    {
        using var tree = new TempTree();
        var cache = new BuildCache(tree.Path("c"));
        cache.Put(Id('3'), [("dll", [1])], [], []);
        tree.File("c/facts/ab/abcd-f", "facts");
        cache.TrimIfDue();
        cache.Clean();
        Directory.EnumerateFileSystemEntries(tree.Path("c")).Should().BeEmpty();
    }
}
