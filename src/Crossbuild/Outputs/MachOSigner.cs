using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Crossbuild.Diagnostics;

namespace Crossbuild.Outputs;

/// <summary>
/// Ad-hoc code signing of a 64-bit Mach-O launcher, as the SDK's HostWriter signs osx apphosts (Apple Silicon runs
/// no unsigned arm64 code). The result is byte-identical to HostModel 10.0's: a SuperBlob holding a CodeDirectory
/// (version 0x20400, ad hoc, SHA-256 over 4 KiB pages), an empty requirements set and an empty CMS wrapper.
/// An existing signature's place is reused; otherwise the signature goes after <c>__LINKEDIT</c>, 16-byte aligned,
/// with a new <c>LC_CODE_SIGNATURE</c>.
/// </summary>
public static class MachOSigner
{
    private const uint MhMagic64 = 0xfeedfacf;
    private const uint LcSegment64 = 0x19, LcSymtab = 0x2, LcCodeSignature = 0x1d;
    private const int PageSize = 4096, HashSize = 32, HeaderSize = 32, CodeDirectoryHeader = 88;
    private static readonly byte[] EmptyRequirements = [0xfa, 0xde, 0x0c, 0x01, 0, 0, 0, 12, 0, 0, 0, 0];

    /// <summary>Whether <paramref name="file"/> is a 64-bit little-endian Mach-O file.</summary>
    public static bool IsMachO64(ReadOnlySpan<byte> file) =>
        file.Length >= HeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(file) == MhMagic64;

    /// <summary>Returns <paramref name="file"/> ad-hoc signed with <paramref name="identifier"/> (the launcher's file name).</summary>
    public static byte[] Sign(ReadOnlySpan<byte> file, string identifier, string display)
    {
        if (!IsMachO64(file))
            throw new CrossbuildException($"{display}: not a 64-bit Mach-O file; cannot sign it");
        var d = file.ToArray();
        var ncmds = U32(d, 16);
        var sizeofcmds = U32(d, 20);
        var (linkedit, _, signature) = Commands(d, display);
        if (signature >= 0 && signature + 16 != HeaderSize + sizeofcmds)
            throw new CrossbuildException($"{display}: LC_CODE_SIGNATURE is not the last load command");

        var linkeditOff = U64(d, linkedit + 40);
        var linkeditSize = U64(d, linkedit + 48);
        ulong start;
        int commandAt;
        if (signature >= 0)
        {
            start = U32(d, signature + 8);
            commandAt = signature;
        }
        else
        {
            start = (linkeditOff + linkeditSize + 15) & ~15UL;
            commandAt = HeaderSize + (int)sizeofcmds;
            if ((ulong)(sizeofcmds + 16) > LowestTextSection(d))
                throw new CrossbuildException($"{display}: no room for a code signature load command");
            W32(d, 16, ncmds + 1);
            W32(d, 20, sizeofcmds + 16);
        }

        var ident = Encoding.UTF8.GetBytes(identifier);
        var identLen = ident.Length + 1;
        var slots = (int)((start + PageSize - 1) / PageSize);
        var cdLen = 8 + 80 + identLen + 2 * HashSize + slots * HashSize;
        var sigSize = 12 + 3 * 8 + cdLen + EmptyRequirements.Length + 8;
        var newLinkedit = start + (ulong)sigSize - linkeditOff;
        W64(d, linkedit + 32, (newLinkedit + PageSize - 1) & ~(ulong)(PageSize - 1)); // vmsize
        W64(d, linkedit + 48, newLinkedit); // filesize
        W32(d, commandAt, LcCodeSignature);
        W32(d, commandAt + 4, 16);
        W32(d, commandAt + 8, (uint)start);
        W32(d, commandAt + 12, (uint)sigSize);

        // Hash the pages after every header edit; a gap before an aligned start reads as zeros.
        var result = new byte[start + (ulong)sigSize];
        d.AsSpan(0, (int)Math.Min((ulong)d.Length, start)).CopyTo(result);
        var sig = result.AsSpan((int)start);
        BE(sig, 0, 0xfade0cc0);
        BE(sig, 4, (uint)sigSize);
        BE(sig, 8, 3);
        BE(sig, 12, 0);
        BE(sig, 16, 36);
        BE(sig, 20, 2);
        BE(sig, 24, (uint)(36 + cdLen));
        BE(sig, 28, 0x10000);
        BE(sig, 32, (uint)(36 + cdLen + EmptyRequirements.Length));
        var cd = sig[36..];
        BE(cd, 0, 0xfade0c02);
        BE(cd, 4, (uint)cdLen);
        BE(cd, 8, 0x20400); // version: supports the executable segment fields
        BE(cd, 12, 0x2); // CS_ADHOC
        BE(cd, 16, (uint)(CodeDirectoryHeader + identLen + 2 * HashSize)); // hashOffset
        BE(cd, 20, CodeDirectoryHeader); // identOffset
        BE(cd, 24, 2); // special slots: requirements, Info.plist
        BE(cd, 28, (uint)slots);
        BE(cd, 32, (uint)start); // codeLimit
        cd[36] = HashSize;
        cd[37] = 2; // SHA-256
        cd[38] = 0; // platform
        cd[39] = 12; // log2(page size)
        BinaryPrimitives.WriteUInt64BigEndian(cd[56..], start >= 0xFFFFFFFF ? start : 0); // codeLimit64
        BinaryPrimitives.WriteUInt64BigEndian(cd[64..], 0); // execSegBase
        BinaryPrimitives.WriteUInt64BigEndian(cd[72..], start); // execSegLimit, as HostModel sets it
        BinaryPrimitives.WriteUInt64BigEndian(cd[80..], 1); // CS_EXECSEG_MAIN_BINARY
        ident.CopyTo(cd[CodeDirectoryHeader..]);
        var hashes = cd[(CodeDirectoryHeader + identLen)..];
        SHA256.HashData(EmptyRequirements, hashes); // slot -2; slot -1 stays zero
        for (var page = 0; page < slots; page++)
        {
            var from = page * PageSize;
            var length = (int)Math.Min(PageSize, start - (ulong)from);
            SHA256.HashData(result.AsSpan(from, length), hashes[((2 + page) * HashSize)..]);
        }
        EmptyRequirements.CopyTo(sig[(36 + cdLen)..]);
        BE(sig, 36 + cdLen + EmptyRequirements.Length, 0xfade0b01);
        BE(sig, 36 + cdLen + EmptyRequirements.Length + 4, 8);
        return result;
    }

    /// <summary>
    /// Drops <paramref name="file"/>'s signature as HostModel does before bundling: the load command is zeroed and
    /// uncounted and <c>__LINKEDIT</c> shrinks, but the signature's bytes stay. <c>End</c> is where content may follow.
    /// </summary>
    public static (byte[] File, long End) RemoveSignature(ReadOnlySpan<byte> file, string display)
    {
        var d = file.ToArray();
        var (linkedit, _, signature) = Commands(d, display);
        if (signature >= 0)
        {
            var size = U32(d, signature + 12);
            d.AsSpan(signature, 16).Clear();
            W32(d, 16, U32(d, 16) - 1);
            W32(d, 20, U32(d, 20) - 16);
            W64(d, linkedit + 48, U64(d, linkedit + 48) - size);
        }
        return (d, (long)(U64(d, linkedit + 40) + U64(d, linkedit + 48)));
    }

    /// <summary>Extends the string table and <c>__LINKEDIT</c> to the end of <paramref name="file"/>, which now holds a bundle.</summary>
    public static void StretchOverBundle(byte[] file, string display)
    {
        var (linkedit, symtab, _) = Commands(file, display);
        var strsize = (ulong)file.Length - U32(file, symtab + 16);
        if (strsize > uint.MaxValue) throw new CrossbuildException($"{display}: the bundled content is too large for Mach-O");
        W32(file, symtab + 20, (uint)strsize);
        var filesize = (ulong)file.Length - U64(file, linkedit + 40);
        W64(file, linkedit + 48, filesize);
        W64(file, linkedit + 32, (filesize + PageSize - 1) & ~(ulong)(PageSize - 1));
    }

    // The file offset of __TEXT's first section: load commands may grow up to it.
    private static ulong LowestTextSection(byte[] d)
    {
        var lowest = ulong.MaxValue;
        var off = HeaderSize;
        for (var i = 0; i < U32(d, 16); i++)
        {
            if (U32(d, off) == LcSegment64 && Encoding.ASCII.GetString(d, off + 8, 16).TrimEnd('\0') == "__TEXT")
                for (var s = 0; s < U32(d, off + 64); s++)
                    lowest = Math.Min(lowest, U32(d, off + 72 + s * 80 + 48));
            off += (int)U32(d, off + 4);
        }
        return lowest;
    }

    private static (int Linkedit, int Symtab, int Signature) Commands(byte[] d, string display)
    {
        if (!IsMachO64(d)) throw new CrossbuildException($"{display}: not a 64-bit Mach-O file");
        int linkedit = -1, symtab = -1, signature = -1;
        var off = HeaderSize;
        for (var i = 0; i < U32(d, 16); i++)
        {
            if (off + 8 > d.Length) throw Malformed(display);
            var cmd = U32(d, off);
            var size = (int)U32(d, off + 4);
            if (size < 8 || off + size > d.Length) throw Malformed(display);
            if (cmd == LcSegment64 && Encoding.ASCII.GetString(d, off + 8, 16).TrimEnd('\0') == "__LINKEDIT") linkedit = off;
            else if (cmd == LcSymtab) symtab = off;
            else if (cmd == LcCodeSignature) signature = off;
            off += size;
        }
        if (linkedit < 0 || symtab < 0) throw Malformed(display);
        return (linkedit, symtab, signature);
    }

    private static CrossbuildException Malformed(string display) =>
        new($"{display}: malformed Mach-O file (needs __LINKEDIT and LC_SYMTAB)");

    private static uint U32(byte[] d, int at) => BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(at));

    private static ulong U64(byte[] d, int at) => BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(at));

    private static void W32(byte[] d, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(at), v);

    private static void W64(byte[] d, int at, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(at), v);

    private static void BE(Span<byte> s, int at, uint v) => BinaryPrimitives.WriteUInt32BigEndian(s[at..], v);
}
