using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Crossbuild.Work.Native;

/// <summary>
/// The references a native compiler needs for one assembly: the closure of its assembly references over the ones it
/// is offered (System.Private.CoreLib always), by simple name. crossgen2 opens every <c>-r:</c> file it is given, so the
/// closure instead of the whole runtime pack makes each compile about twice as fast, and since an assembly outside the
/// closure is never resolved, the image is the same bytes (tests/…/ReadyToRunTests.cs checks it).
/// </summary>
internal static class ReferenceClosure
{
    // Files in an extracted pack or the packages folder never change: their references are read once per process.
    private static readonly ConcurrentDictionary<string, string[]> FileRefs = new(StringComparer.Ordinal);

    /// <summary>
    /// Of <paramref name="candidates"/> (paths, in order), those <paramref name="input"/> reaches; <paramref name="inMemory"/>
    /// gives the bytes of candidates that are freshly written (the module's assemblies), read from them, not cached.
    /// </summary>
    public static IReadOnlyList<string> Of(byte[] input, IReadOnlyList<string> candidates, IReadOnlyDictionary<string, byte[]> inMemory)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in candidates) byName.TryAdd(Path.GetFileNameWithoutExtension(c), c);
        var needed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "System.Private.CoreLib" };
        var queue = new Queue<string>(References(input));
        queue.Enqueue("System.Private.CoreLib");
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!byName.TryGetValue(name, out var path)) continue;
            needed.Add(name);
            var refs = inMemory.TryGetValue(path, out var bytes) ? References(bytes) : FileRefs.GetOrAdd(path, p => References(File.ReadAllBytes(p)));
            foreach (var r in refs)
                if (!needed.Contains(r) && byName.ContainsKey(r))
                {
                    needed.Add(r);
                    queue.Enqueue(r);
                }
        }
        return candidates.Where(c => needed.Contains(Path.GetFileNameWithoutExtension(c))).ToArray();
    }

    private static string[] References(byte[] image)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            if (!pe.HasMetadata) return [];
            var md = pe.GetMetadataReader();
            return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        }
        catch (BadImageFormatException)
        {
            return [];
        }
    }
}
