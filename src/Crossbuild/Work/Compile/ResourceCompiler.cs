using System.Resources;
using System.Text;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Load.Resources;
using Microsoft.CodeAnalysis;

namespace Crossbuild.Work.Compile;

/// <summary>
/// A package's resources as the compiler embeds them: .resx files compiled to <c>.resources</c> streams with the
/// runtime's own <see cref="ResourceWriter"/> (what the SDK's GenerateResource uses for these types, so the bytes
/// are the same), other files as they are.
/// </summary>
internal static class ResourceCompiler
{
    /// <summary>
    /// The resources of the assembly for <paramref name="culture"/> (null: the package's own), with the problems
    /// found in .resx files as diagnostics.
    /// </summary>
    public static IReadOnlyList<ResourceDescription> For(Package package, string? culture, List<BuildDiagnostic> diagnostics)
    {
        var result = new List<ResourceDescription>();
        // .resx streams first, then other files, as the SDK passes them to csc.
        foreach (var r in package.Resources.Where(r => r.Culture == culture).OrderBy(r => r.Kind))
        {
            var full = Path.GetFullPath(Path.Combine(package.FullDir, r.File));
            var bytes = StaleSourceException.Read(full, r.FileHash);
            var content = r.Kind == ResourceKind.File ? bytes : Generate(ResxFile.Parse(bytes, full), full, package.Dir, diagnostics, r.LinkedHashes);
            if (content is not null) result.Add(new ResourceDescription(r.Name, () => new MemoryStream(content, writable: false), isPublic: true));
        }
        return result;
    }

    private static byte[]? Generate(ResxFile resx, string path, string origin, List<BuildDiagnostic> diagnostics, IReadOnlyDictionary<string, string> linkedHashes)
    {
        // A linked file is an input as the .resx is: read as the loader hashed it, or the build stops.
        // One that was missing at load stays an error at its data element (MSB3103), below.
        byte[] Linked(string file) => linkedHashes.GetValueOrDefault(file) is { } hash and not "absent"
            ? StaleSourceException.Read(file, hash)
            : File.ReadAllBytes(file);
        foreach (var p in resx.Problems)
            diagnostics.Add(new BuildDiagnostic(p.IsError ? "error" : "warning", p.Code, p.Message, path, p.Line, p.Column, origin));
        if (resx.Problems.Any(p => p.IsError)) return null;
        using var stream = new MemoryStream();
        var writer = new ResourceWriter(stream);
        foreach (var e in resx.Entries)
        {
            object? value;
            try
            {
                value = e.Kind switch
                {
                    ResxValueKind.String or ResxValueKind.Bytes or ResxValueKind.Null => e.Value,
                    ResxValueKind.LinkedText => ReadText(Linked((string)e.Value!), e.Encoding),
                    ResxValueKind.LinkedBytes => Linked((string)e.Value!),
                    _ => new MemoryStream(Linked((string)e.Value!)),
                };
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException or ArgumentException)
            {
                diagnostics.Add(new BuildDiagnostic("error", "MSB3103",
                    $"Invalid Resx file. Resource \"{e.Name}\" links {e.Value}, which cannot be read: {CrossbuildException.OneLine(x.Message)}", path, e.Line, e.Column, origin));
                return null;
            }
            writer.AddResource(e.Name, value);
        }
        writer.Generate();
        var bytes = stream.ToArray();
        writer.Dispose();
        return bytes;
    }

    // What MSBuild does for a linked text file: its encoding by name (code pages included), else UTF-8 with BOM
    // detection.
    private static string ReadText(byte[] bytes, string? encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var reader = new StreamReader(new MemoryStream(bytes), encoding is null ? Encoding.Default : Encoding.GetEncoding(encoding));
        return reader.ReadToEnd();
    }
}
