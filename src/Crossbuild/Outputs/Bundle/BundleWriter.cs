using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Outputs.Bundle;

/// <summary>What a bundled file is, as the .NET host's bundle manifest records it.</summary>
public enum BundleFileType : byte
{
    /// <summary>Anything else.</summary>
    Unknown = 0,

    /// <summary>A managed assembly.</summary>
    Assembly = 1,

    /// <summary>A native library.</summary>
    NativeBinary = 2,

    /// <summary>The app's deps.json.</summary>
    DepsJson = 3,

    /// <summary>The app's runtimeconfig.json.</summary>
    RuntimeConfigJson = 4,

    /// <summary>A PDB.</summary>
    Symbols = 5,
}

/// <summary>A file to put in a bundle.</summary>
/// <param name="RelativePath">Its path inside the bundle.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="Type">What it is.</param>
public sealed record BundleFile(string RelativePath, byte[] Content, BundleFileType Type);

/// <summary>
/// Writes a single-file app in the .NET bundle format 6.0, as the SDK's Bundler does with its default options: the
/// files follow the launcher in the order given (assemblies aligned for the target), then the manifest; the
/// launcher's bundle-header placeholder (8 zero bytes before a 32-byte signature) receives the manifest's offset.
/// On macOS the launcher's signature is dropped first, the headers are stretched over the bundle, and the result is
/// ad-hoc signed again.
/// </summary>
public static class BundleWriter
{
    /// <summary>The bundle format version the .NET 6+ host reads.</summary>
    public const uint MajorVersion = 6, MinorVersion = 0;

    private static readonly byte[] HeaderPlaceholder =
    [
        0, 0, 0, 0, 0, 0, 0, 0,
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    /// <summary>Where assemblies start in a bundle for <paramref name="rid"/>: page-aligned on Windows and Arm64, else 64.</summary>
    public static int AssemblyAlignment(RuntimeId rid) => rid.IsWindows || rid.IsArm64 ? 4096 : rid.IsLoongArch64 ? 16384 : 64;

    /// <summary>
    /// Bundles <paramref name="files"/> after <paramref name="host"/> (a launcher already patched with the app's
    /// path; for macOS, signed as the SDK's intermediate host is). A macOS result still needs its ad-hoc signature
    /// under the output's file name (<see cref="MachOSigner.Sign"/>), which the installer adds.
    /// </summary>
    public static byte[] Write(byte[] host, IReadOnlyList<BundleFile> files, RuntimeId rid)
    {
        var buffer = new MemoryStream();
        buffer.Write(host);
        long position = host.Length;
        var macOS = rid.IsOsx;
        if (macOS)
        {
            // The old signature's bytes stay in the buffer and show through the first assembly's alignment gap.
            var unsigned = MachOSigner.RemoveSignature(host, "launcher for " + rid);
            buffer.Position = 0;
            buffer.Write(unsigned.File);
            position = unsigned.End;
        }

        var alignment = AssemblyAlignment(rid);
        var entries = new List<(BundleFile File, long Offset)>();
        using var id = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            if (file.Type == BundleFileType.Assembly && position % alignment != 0)
                position += alignment - position % alignment;
            buffer.Position = position;
            buffer.Write(file.Content);
            entries.Add((file, position));
            position += file.Content.Length;
            id.AppendData(SHA256.HashData(file.Content));
        }

        var headerOffset = position;
        buffer.Position = position;
        buffer.Write(Manifest(entries, BundleId(id.GetHashAndReset())));
        var bytes = buffer.ToArray()[..(int)buffer.Position];
        var at = bytes.AsSpan().IndexOf(HeaderPlaceholder);
        if (at < 0)
            throw new CrossbuildException($"launcher for {rid}: no bundle header placeholder; it cannot hold a single-file app");
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), headerOffset);
        if (macOS) MachOSigner.StretchOverBundle(bytes, "launcher for " + rid);
        return bytes;
    }

    // Base64url of the hash of the files' hashes, first 12 characters: the host's extraction folder name.
    private static string BundleId(byte[] hash) =>
        Convert.ToBase64String(hash).Replace('/', '_').Replace('+', '-').TrimEnd('=')[..12];

    private static byte[] Manifest(IReadOnlyList<(BundleFile File, long Offset)> entries, string bundleId)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, new UTF8Encoding(false));
        w.Write(MajorVersion);
        w.Write(MinorVersion);
        w.Write(entries.Count);
        w.Write(bundleId);
        Location(w, entries, BundleFileType.DepsJson);
        Location(w, entries, BundleFileType.RuntimeConfigJson);
        w.Write(0UL); // flags: no .NET Core 3 compatibility mode
        foreach (var (file, offset) in entries)
        {
            w.Write(offset);
            w.Write((long)file.Content.Length);
            w.Write(0L); // not compressed
            w.Write((byte)file.Type);
            w.Write(file.RelativePath.Replace('\\', '/'));
        }
        w.Flush();
        return stream.ToArray();
    }

    private static void Location(BinaryWriter w, IReadOnlyList<(BundleFile File, long Offset)> entries, BundleFileType type)
    {
        var entry = entries.FirstOrDefault(e => e.File.Type == type);
        w.Write(entry.File is null ? 0L : entry.Offset);
        w.Write(entry.File is null ? 0L : entry.File.Content.Length);
    }
}
