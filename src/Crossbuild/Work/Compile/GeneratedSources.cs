using System.Text;

namespace Crossbuild.Work.Compile;

/// <summary>A compile's generated sources as one cache output: a count, then each path and text, length-prefixed UTF-8.</summary>
internal static class GeneratedSources
{
    /// <summary>The bytes of <paramref name="sources"/>.</summary>
    public static byte[] Write(IReadOnlyList<(string Path, string Text)> sources)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(sources.Count);
            foreach (var (path, text) in sources)
            {
                w.Write(path);
                w.Write(text);
            }
        }
        return stream.ToArray();
    }

    /// <summary>The sources <paramref name="bytes"/> hold (written by <see cref="Write"/>; the cache verified their hash).</summary>
    public static IReadOnlyList<(string Path, string Text)> Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var result = new (string, string)[r.ReadInt32()];
        for (var i = 0; i < result.Length; i++) result[i] = (r.ReadString(), r.ReadString());
        return result;
    }
}
