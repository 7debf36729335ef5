using System.Xml;
using System.Xml.Linq;

namespace Crossbuild.Load.Resources;

/// <summary>One resource of a .resx file, where it was written.</summary>
/// <param name="Name">The resource name.</param>
/// <param name="Kind">What its value is.</param>
/// <param name="Value">The text (a string), the base64 bytes' decoding, or for a linked file its full path.</param>
/// <param name="Line">1-based line of its <c>data</c> element.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Encoding">A linked text file's encoding name, if the reference names one.</param>
public sealed record ResxEntry(string Name, ResxValueKind Kind, object? Value, int Line, int Column, string? Encoding = null);

/// <summary>The kinds of value the SDK's resource generator writes without System.Resources.Extensions.</summary>
public enum ResxValueKind
{
    /// <summary>A string.</summary>
    String,
    /// <summary>A byte array (base64 in the file).</summary>
    Bytes,
    /// <summary>Null (<c>ResXNullRef</c>).</summary>
    Null,
    /// <summary>A linked text file read as a string (<c>ResXFileRef</c> of <c>System.String</c>).</summary>
    LinkedText,
    /// <summary>A linked file read as bytes (<c>ResXFileRef</c> of <c>System.Byte[]</c>).</summary>
    LinkedBytes,
    /// <summary>A linked file read as a stream (<c>ResXFileRef</c> of <c>System.IO.MemoryStream</c>).</summary>
    LinkedStream,
}

/// <summary>A problem in a .resx file, with MSBuild's code for it and its position.</summary>
public sealed record ResxProblem(bool IsError, string Code, string Message, int Line, int Column);

/// <summary>
/// A .resx file read as MSBuild's own resx reader reads it on .NET (<c>MSBuildResXReader</c>): <c>data</c>
/// elements with their aliases, strings (whitespace-only values empty unless <c>xml:space="preserve"</c>), base64 byte
/// arrays, null references and linked files relative to the .resx. Other types need System.Resources.Extensions'
/// preserialized format (MSB3822), which is reported rather than written differently.
/// </summary>
public sealed class ResxFile
{
    private const string StringTypePrefix = "System.String, mscorlib,";
    private const string StringType40 = "System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";
    private const string MemoryStreamPrefix = "System.IO.MemoryStream, mscorlib,";

    private ResxFile(IReadOnlyList<ResxEntry> entries, IReadOnlyList<ResxProblem> problems)
    {
        Entries = entries;
        Problems = problems;
    }

    /// <summary>The resources, first of each name (MSBuild ignores later duplicates, with a warning).</summary>
    public IReadOnlyList<ResxEntry> Entries { get; }

    /// <summary>Problems found; an error means the file cannot be compiled.</summary>
    public IReadOnlyList<ResxProblem> Problems { get; }

    /// <summary>The full paths of the files it links, in order: inputs of the compile as much as the .resx is.</summary>
    public IEnumerable<string> LinkedFiles => Entries.Where(e => e.Kind >= ResxValueKind.LinkedText).Select(e => (string)e.Value!);

    /// <summary>Reads <paramref name="bytes"/>, the content of the .resx at <paramref name="fullPath"/>.</summary>
    public static ResxFile Parse(byte[] bytes, string fullPath)
    {
        var entries = new List<ResxEntry>();
        var problems = new List<ResxProblem>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var stream = new MemoryStream(bytes);
            // MSBuild's reader: an XmlTextReader, which keeps "\r\n" inside values as it is written.
            using var xml = new XmlTextReader(stream) { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, WhitespaceHandling = WhitespaceHandling.All };
            var doc = XDocument.Load(xml, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
            if (doc.Root is not { Name.LocalName: "root" } root)
                return Fail("the document element is not <root>", doc.Root);
            foreach (var elem in root.Elements())
            {
                var (line, col) = Position(elem);
                switch (elem.Name.LocalName)
                {
                    case "assembly":
                        if (elem.Attribute("name")?.Value is not { } assembly)
                            return Fail("an <assembly> element has no name attribute", elem);
                        string alias;
                        try
                        {
                            alias = elem.Attribute("alias")?.Value is { Length: > 0 } a ? a : new System.Reflection.AssemblyName(assembly).Name!;
                        }
                        catch (Exception e) when (e is ArgumentException or FileLoadException)
                        {
                            return Fail($"the <assembly> name \"{assembly}\" is not an assembly name", elem);
                        }
                        aliases[alias] = assembly;
                        break;
                    case "data":
                        if (elem.Attribute("name")?.Value is not { } name)
                            return Fail("a <data> element has no name attribute", elem);
                        if (Data(elem, name, Path.GetDirectoryName(fullPath)!, aliases, line, col, problems) is not { } entry) break;
                        if (names.Add(name)) entries.Add(entry);
                        else problems.Add(new ResxProblem(false, "MSB3568", $"Duplicate resource name \"{name}\" is not allowed, ignored.", line, col));
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            problems.Add(new ResxProblem(true, "MSB3103", "Invalid Resx file. " + OneLine(e.Message), e.LineNumber, e.LinePosition));
        }
        catch (FormatException e)
        {
            problems.Add(new ResxProblem(true, "MSB3103", "Invalid Resx file. " + OneLine(e.Message), 1, 1));
        }
        return new ResxFile(entries, problems);

        ResxFile Fail(string message, XObject? at)
        {
            var (l, c) = at is null ? (1, 1) : Position(at);
            problems.Add(new ResxProblem(true, "MSB3103", "Invalid Resx file. " + message + ".", l, c));
            return new ResxFile(entries, problems);
        }
    }

    private static ResxEntry? Data(XElement elem, string name, string resxDir, Dictionary<string, string> aliases, int line, int col, List<ResxProblem> problems)
    {
        string value;
        var preserve = elem.Attribute(XNamespace.Xml + "space")?.Value == "preserve";
        if (elem.Element("value") is { } valueElement)
        {
            value = valueElement.Value;
            if (!preserve && string.IsNullOrWhiteSpace(value)) value = "";
        }
        else if (elem.HasElements)
        {
            problems.Add(new ResxProblem(true, "MSB3103", $"Invalid Resx file. Resource \"{name}\" has child elements but no <value>.", line, col));
            return null;
        }
        else
            value = elem.Value;
        var type = FullTypeName(elem.Attribute("type")?.Value, aliases);
        var mime = elem.Attribute("mimetype")?.Value;
        if (type.StartsWith(StringTypePrefix, StringComparison.Ordinal) && mime is null)
            return new ResxEntry(name, ResxValueKind.String, value, line, col);
        if (type.StartsWith("System.Resources.ResXFileRef", StringComparison.Ordinal))
            return Linked(name, value, resxDir, line, col, problems);
        if (type.StartsWith("System.Resources.ResXNullRef", StringComparison.Ordinal))
            return new ResxEntry(name, ResxValueKind.Null, null, line, col);
        if (mime is null && IsByteArray(type))
            return new ResxEntry(name, ResxValueKind.Bytes, Convert.FromBase64String(value), line, col);
        problems.Add(NeedsExtensions(name, line, col));
        return null;
    }

    private static ResxEntry? Linked(string name, string value, string resxDir, int line, int col, List<ResxProblem> problems)
    {
        if (FileRef(value) is not { } parts)
        {
            problems.Add(new ResxProblem(true, "MSB3103", $"Invalid Resx file. Resource \"{name}\" has a malformed file reference \"{value}\".", line, col));
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(resxDir, parts[0].Replace('\\', '/')));
        var fileType = parts.Length > 1 ? parts[1] : "";
        if (fileType.StartsWith(StringTypePrefix, StringComparison.Ordinal) || fileType == "System.String")
            return new ResxEntry(name, ResxValueKind.LinkedText, path, line, col, parts.Length > 2 ? parts[2] : null);
        if (IsByteArray(fileType))
            return new ResxEntry(name, ResxValueKind.LinkedBytes, path, line, col);
        if (fileType.StartsWith(MemoryStreamPrefix, StringComparison.Ordinal))
            return new ResxEntry(name, ResxValueKind.LinkedStream, path, line, col);
        problems.Add(NeedsExtensions(name, line, col));
        return null;
    }

    private static ResxProblem NeedsExtensions(string name, int line, int col) =>
        new(true, "MSB3822", $"Resource \"{name}\" is not a string, byte array or stream; non-string resources need System.Resources.Extensions' preserialized format, which Crossbuild does not write.", line, col);

    // MSBuild's ParseResxFileRefString: "path;type[;encoding]", the path optionally quoted.
    private static string[]? FileRef(string value)
    {
        value = value.Trim();
        string file, rest;
        if (value.StartsWith('"'))
        {
            var quote = value.LastIndexOf('"');
            if (quote < 1 || quote + 2 > value.Length) return null;
            file = value[1..quote];
            rest = value[(quote + 2)..];
        }
        else
        {
            var semi = value.IndexOf(';');
            if (semi < 0) return null;
            file = value[..semi];
            rest = value[(semi + 1)..];
        }
        var parts = rest.Split(';');
        return parts.Length > 1 ? [file, parts[0], parts[1]] : [file, parts[0]];
    }

    private static string FullTypeName(string? type, Dictionary<string, string> aliases)
    {
        if (type is null) return StringType40;
        var comma = type.IndexOf(',');
        if (comma >= 0 && comma + 2 <= type.Length && aliases.TryGetValue(type[(comma + 2)..], out var identity))
            return type[..(comma + 2)] + identity;
        return type == "System.String" ? StringType40 : type;
    }

    private static bool IsByteArray(string type) => type.Contains("System.Byte[]", StringComparison.Ordinal) && type.Contains("mscorlib", StringComparison.Ordinal);

    private static (int, int) Position(XObject o) =>
        o is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (1, 1);

    private static string OneLine(string message) => Diagnostics.CrossbuildException.OneLine(message);
}
