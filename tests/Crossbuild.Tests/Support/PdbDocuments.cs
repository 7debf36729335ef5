using System.Reflection.Metadata;

namespace Crossbuild.Tests.Support;

/// <summary>Reads a portable PDB's documents: what fidelity tests compare with <c>dotnet build</c>'s.</summary>
public static class PdbDocuments
{
    /// <summary>The checksum the PDB records for the one document whose path ends in <paramref name="suffix"/>.</summary>
    public static byte[] Checksum(string pdb, string suffix)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        var reader = provider.GetMetadataReader();
        var doc = reader.Documents.Select(reader.GetDocument).Single(d => reader.GetString(d.Name).EndsWith(suffix, StringComparison.Ordinal));
        return reader.GetBlobBytes(doc.Hash);
    }

    /// <summary>Every document path the PDB records.</summary>
    public static IReadOnlyList<string> Names(string pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        var reader = provider.GetMetadataReader();
        return reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name)).ToArray();
    }
}
