using System.Reflection.PortableExecutable;

namespace Crossbuild.Tests.Support;

/// <summary>
/// The ReadyToRun header of a PE file (<c>READYTORUN_HEADER</c> at the COR header's managed native header): what
/// crossgen2 wrote, read independently of Crossbuild.
/// </summary>
/// <param name="Machine">The PE machine, which crossgen2 XORs with an OS value.</param>
/// <param name="Major">The format's major version.</param>
/// <param name="Minor">The format's minor version.</param>
/// <param name="Flags">The header flags.</param>
/// <param name="Sections">The section types, in order.</param>
public sealed record ReadyToRunHeader(ushort Machine, ushort Major, ushort Minor, uint Flags, IReadOnlyList<uint> Sections)
{
    /// <summary>The header of <paramref name="path"/>, or null when it has none (plain IL).</summary>
    public static ReadyToRunHeader? Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>The header of the image <paramref name="image"/> (named <paramref name="path"/> in errors), or null when it has none.</summary>
    public static ReadyToRunHeader? Read(byte[] image, string path)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var cor = pe.PEHeaders.CorHeader ?? throw new InvalidOperationException(path + " is not a .NET assembly");
        var directory = cor.ManagedNativeHeaderDirectory;
        if (directory.Size == 0) return null;
        var data = pe.GetSectionData(directory.RelativeVirtualAddress).GetContent();
        using var r = new BinaryReader(new MemoryStream(data.ToArray()));
        var signature = r.ReadUInt32();
        if (signature != 0x00525452) throw new InvalidOperationException($"{path}: managed native header is not ReadyToRun ({signature:x8})");
        var (major, minor, flags, count) = (r.ReadUInt16(), r.ReadUInt16(), r.ReadUInt32(), r.ReadUInt32());
        var sections = new List<uint>();
        for (var i = 0; i < count; i++)
        {
            sections.Add(r.ReadUInt32());
            r.ReadUInt64(); // RVA and size
        }
        return new ReadyToRunHeader((ushort)pe.PEHeaders.CoffHeader.Machine, major, minor, flags, sections);
    }

    /// <summary>
    /// Asserts that every assembly of <paramref name="sdk"/>'s bundle but the composite is, in <paramref name="ours"/>,
    /// a component with the same header; the executable's differs only by PLATFORM_NEUTRAL_SOURCE, its IL being
    /// AnyCPU here and for the RID there (docs/targets.md).
    /// </summary>
    public static void ComponentsMatch(IReadOnlyList<(string Name, byte Type, byte[] Content)> ours, IReadOnlyList<(string Name, byte Type, byte[] Content)> sdk)
    {
        foreach (var (name, _, content) in sdk.Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal) && e.Name != "app.r2r.dll"))
        {
            var header = Read(ours.Single(e => e.Name == name).Content, name);
            header.Should().NotBeNull($"{name} is a component of the composite");
            var expected = Read(content, name)!;
            if (name == "app.dll") expected = expected with { Flags = expected.Flags | 0x1 };
            header.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), name);
        }
    }
}
