using System.Reflection.PortableExecutable;

namespace Crossbuild.Tests.Support;

/// <summary>Reads a PE file's Win32 resources (the .rsrc tree) as (type, id, language) → bytes.</summary>
public static class Win32Resources
{
    /// <summary>Every resource, sorted, with its data.</summary>
    public static IReadOnlyList<(int Type, int Id, int Language, byte[] Data)> Read(string path)
    {
        var image = File.ReadAllBytes(path);
        using var pe = new PEReader(new MemoryStream(image));
        var dir = pe.PEHeaders.PEHeader!.ResourceTableDirectory;
        var result = new List<(int, int, int, byte[])>();
        if (dir.Size == 0) return result;
        if (!pe.PEHeaders.TryGetDirectoryOffset(dir, out var root)) return result;
        int Offset(int rva)
        {
            var s = pe.PEHeaders.SectionHeaders.First(h => rva >= h.VirtualAddress && rva < h.VirtualAddress + h.VirtualSize);
            return rva - s.VirtualAddress + s.PointerToRawData;
        }
        IEnumerable<(int Id, int Offset, bool IsDirectory)> Entries(int at)
        {
            int named = BitConverter.ToUInt16(image, at + 12), ids = BitConverter.ToUInt16(image, at + 14);
            for (var i = 0; i < named + ids; i++)
            {
                var e = at + 16 + 8 * i;
                var name = BitConverter.ToInt32(image, e);
                var target = BitConverter.ToInt32(image, e + 4);
                yield return (name, target & 0x7FFFFFFF, target < 0);
            }
        }
        foreach (var type in Entries(root))
            foreach (var id in Entries(root + type.Offset))
                foreach (var lang in Entries(root + id.Offset))
                {
                    var entry = root + lang.Offset;
                    var rva = BitConverter.ToInt32(image, entry);
                    var size = BitConverter.ToInt32(image, entry + 4);
                    result.Add((type.Id, id.Id, lang.Id, image[Offset(rva)..(Offset(rva) + size)]));
                }
        return result.OrderBy(r => r.Item1).ThenBy(r => r.Item2).ThenBy(r => r.Item3).ToArray();
    }
}
