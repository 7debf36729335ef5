using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The syntax trees of a process's recent compiles, by file path and content hash, so that a warm process (the build
/// server, <c>watch</c>) parses only the files that changed. A tree is reused only for the same bytes (the hash the
/// loader found and the compile key covers) and the same parse options, so the compile is exactly what parsing
/// afresh gives. Bounded by the characters kept; <see cref="WarmCaches.Trim"/> empties it.
/// </summary>
internal static class ParsedSources
{
    // About 32 MB of text, with its trees a few times that: a few thousand files of a module and its neighbours.
    private const long MaxChars = 16L << 20;

    private sealed record Kept(string Hash, SyntaxTree Tree, int Chars);

    // By path and options (a package compiled for two targets with other symbols has a tree for each); an edited
    // file's new tree replaces the old one.
    private static readonly ConcurrentDictionary<(string Path, CSharpParseOptions Options), Kept> Trees = new();
    private static long _chars;

    /// <summary>The tree of <paramref name="package"/>'s file <paramref name="index"/>, parsed only when not kept.</summary>
    public static SyntaxTree Get(Load.Package package, int index, CSharpParseOptions options)
    {
        var path = package.FullPath(index);
        if (!WarmCaches.Enabled) return CSharpSyntaxTree.ParseText(package.ReadSource(index), options, path);
        var key = (path, options);
        var hash = package.Hashes[index];
        if (Trees.TryGetValue(key, out var kept) && kept.Hash == hash) return kept.Tree;
        var text = package.ReadSource(index);
        var tree = CSharpSyntaxTree.ParseText(text, options, path);
        var entry = new Kept(hash, tree, text.Length);
        if (Trees.TryGetValue(key, out var old) && Trees.TryUpdate(key, entry, old))
            Interlocked.Add(ref _chars, entry.Chars - old.Chars);
        else if (Trees.TryAdd(key, entry) && Interlocked.Add(ref _chars, entry.Chars) > MaxChars)
            Clear(); // past the bound: start over (the next compile of each package parses again)
        return tree;
    }

    /// <summary>Drops every kept tree.</summary>
    public static void Clear()
    {
        Trees.Clear();
        Interlocked.Exchange(ref _chars, 0);
    }

    /// <summary>How many trees are kept.</summary>
    public static int Count => Trees.Count;
}
