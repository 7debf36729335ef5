namespace Crossbuild.Tests.Support;

/// <summary>A temporary directory tree for a test, deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crossbuild-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (creating folders); <paramref name="relative"/> uses '/'.</summary>
    public TempTree File(string relative, string content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Writes raw bytes.</summary>
    public TempTree Bytes(string relative, byte[] content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>Copies every file under <paramref name="source"/> to <paramref name="relative"/> in this tree; returns its full path.</summary>
    public string CopyFrom(string source, string relative)
    {
        foreach (var f in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path(relative + "/" + System.IO.Path.GetRelativePath(source, f).Replace('\\', '/'));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            System.IO.File.Copy(f, to);
        }
        return Path(relative);
    }

    /// <summary>Writes a module manifest at the root.</summary>
    public TempTree Module(string name = "Acme", string extra = "") =>
        File("crossbuild.json", $"{{\"module\": \"{name}\"{extra}}}");

    /// <summary>Every file below <paramref name="dir"/>, relative to it, '/'-separated, sorted ordinally.</summary>
    public static string[] FilesUnder(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The full path of a relative path.</summary>
    public string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
