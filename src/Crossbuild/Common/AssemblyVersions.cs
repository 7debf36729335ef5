using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Crossbuild.Common;

/// <summary>The versions deps.json records for a package's file, read as the SDK reads them.</summary>
public static class AssemblyVersions
{
    /// <summary>
    /// The assembly version of a managed file (null when it has no metadata) and its Win32 file version
    /// (<c>0.0.0.0</c> when it has none, as for native libraries of other platforms).
    /// </summary>
    public static (string? AssemblyVersion, string FileVersion) Read(string path)
    {
        string? assemblyVersion = null;
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (pe.HasMetadata)
            {
                var reader = pe.GetMetadataReader();
                if (reader.IsAssembly) assemblyVersion = reader.GetAssemblyDefinition().Version.ToString();
            }
        }
        catch (BadImageFormatException)
        {
            // not a PE file: a native library of a Unix platform
        }
        var info = FileVersionInfo.GetVersionInfo(path);
        var fileVersion = $"{info.FileMajorPart}.{info.FileMinorPart}.{info.FileBuildPart}.{info.FilePrivatePart}";
        return (assemblyVersion, fileVersion);
    }
}
