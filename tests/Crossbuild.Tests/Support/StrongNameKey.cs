using System.Security.Cryptography;

namespace Crossbuild.Tests.Support;

/// <summary>Writes strong-name key files as <c>sn -k</c> and <c>sn -p</c> do, from a fresh RSA key.</summary>
public static class StrongNameKey
{
    /// <summary>A key pair file (a CAPI PRIVATEKEYBLOB) and its public-key-only file.</summary>
    public static (byte[] KeyPair, byte[] PublicKey) Create(int bits = 1024) => CreateWithKey(bits).Files;

    /// <summary>Like <see cref="Create"/>, with the RSA parameters, to check signatures with.</summary>
    public static ((byte[] KeyPair, byte[] PublicKey) Files, RSAParameters Key) CreateWithKey(int bits = 1024)
    {
        using var rsa = RSA.Create(bits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        var pair = new MemoryStream();
        var w = new BinaryWriter(pair);
        w.Write((byte)0x07); // PRIVATEKEYBLOB
        w.Write((byte)0x02);
        w.Write((ushort)0);
        w.Write(0x00002400u); // CALG_RSA_SIGN
        w.Write(0x32415352u); // "RSA2"
        w.Write((uint)bits);
        w.Write(Exponent(p.Exponent!));
        foreach (var part in new[] { p.Modulus!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ!, p.D! })
            w.Write(part.Reverse().ToArray());

        var pub = new MemoryStream();
        var k = new BinaryWriter(pub);
        k.Write(0x00002400u); // signature algorithm
        k.Write(0x00008004u); // SHA-1
        k.Write((uint)(20 + p.Modulus!.Length));
        k.Write((byte)0x06); // PUBLICKEYBLOB
        k.Write((byte)0x02);
        k.Write((ushort)0);
        k.Write(0x00002400u);
        k.Write(0x31415352u); // "RSA1"
        k.Write((uint)bits);
        k.Write(Exponent(p.Exponent!));
        k.Write(p.Modulus!.Reverse().ToArray());
        return ((pair.ToArray(), pub.ToArray()), p);
    }

    /// <summary>
    /// Whether <paramref name="image"/>'s strong-name signature is <paramref name="key"/>'s over its content: SHA-1
    /// over the PE headers (checksum zeroed), then every section but the signature blob, signed PKCS#1 and stored
    /// little-endian, as the runtime's strong-name verification computes it.
    /// </summary>
    public static bool Verifies(byte[] image, RSAParameters key)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        var headers = pe.PEHeaders;
        var signature = headers.CorHeader!.StrongNameSignatureDirectory;
        if (!headers.TryGetDirectoryOffset(signature, out var sigOffset)) return false;
        var peHeader = headers.PEHeaderStartOffset;
        var headersEnd = headers.CoffHeaderStartOffset + 20 + headers.CoffHeader.SizeOfOptionalHeader + 40 * headers.CoffHeader.NumberOfSections;
        var copy = (byte[])image.Clone();
        Array.Clear(copy, peHeader + 64, 4); // CheckSum, written after signing
        var content = copy[..headersEnd].Concat(copy[headers.PEHeader!.SizeOfHeaders..sigOffset]).Concat(copy[(sigOffset + signature.Size)..]).ToArray();
        using var rsa = RSA.Create(new RSAParameters { Modulus = key.Modulus, Exponent = key.Exponent });
        var stored = copy[sigOffset..(sigOffset + signature.Size)].Reverse().ToArray();
        return rsa.VerifyHash(SHA1.HashData(content), stored, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }

    private static uint Exponent(byte[] e) => e.Aggregate(0u, (acc, b) => (acc << 8) | b);
}
