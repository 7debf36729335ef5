using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Crossbuild.Common;

/// <summary>
/// The version facts of a compiled assembly, read from its metadata as <c>FileVersionInfo</c> reads them on Unix:
/// the assembly version and the string arguments of its <c>System.Reflection</c> assembly attributes.
/// </summary>
public sealed record AssemblyAttributes(Version AssemblyVersion, IReadOnlyDictionary<string, string> Strings)
{
    /// <summary>Reads <paramref name="image"/>.</summary>
    public static AssemblyAttributes Of(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image, writable: false));
        var md = pe.GetMetadataReader();
        var assembly = md.GetAssemblyDefinition();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in assembly.GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var parent = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) continue;
            var type = md.GetTypeReference((TypeReferenceHandle)parent);
            if (md.GetString(type.Namespace) != "System.Reflection") continue;
            var blob = md.GetBlobReader(attribute.Value);
            if (blob.Length < 3 || blob.ReadUInt16() != 1) continue;
            try
            {
                strings[md.GetString(type.Name)] = blob.ReadSerializedString() ?? "";
            }
            catch (BadImageFormatException)
            {
                // not a single-string attribute
            }
        }
        return new AssemblyAttributes(assembly.Version, strings);
    }

    /// <summary>
    /// The file version as <c>FileVersionInfo</c>'s four parts give it (what deps.json records): the
    /// <c>AssemblyFileVersion</c> parsed leniently, <c>0.0.0.0</c> without one.
    /// </summary>
    public string FileVersion
    {
        get
        {
            int[] parts = [0, 0, 0, 0];
            if (Strings.TryGetValue("AssemblyFileVersionAttribute", out var text))
            {
                var split = text.Split('.');
                if (split.Length <= 4)
                    for (var i = 0; i < split.Length; i++)
                    {
                        var digits = new string(split[i].TakeWhile(char.IsAsciiDigit).ToArray());
                        parts[i] = digits.Aggregate(0, (acc, c) => (ushort)(acc * 10 + (c - '0')));
                        if (digits.Length < split[i].Length) break;
                    }
            }
            return string.Join('.', parts);
        }
    }
}
