namespace Crossbuild.Load;

/// <summary>
/// How packages are named. An executable takes the name of its directory (<c>cmd/hello</c> → <c>hello</c>); the
/// module root takes the module name. A library is the module name followed by the segments of its directory,
/// joined by '.' (<c>lib/text</c> in module <c>Acme</c> → <c>Acme.lib.text</c>); the root library is the module name.
/// A package's crossbuild.json <c>name</c> overrides both rules.
/// </summary>
public static class PackageNaming
{
    /// <summary>The default name of a package at module-relative <paramref name="dir"/> ('.' for the root).</summary>
    public static string DefaultName(string moduleName, string dir, PackageKind kind)
    {
        if (dir == ".") return moduleName;
        return kind == PackageKind.Exe
            ? dir[(dir.LastIndexOf('/') + 1)..]
            : moduleName + "." + dir.Replace('/', '.');
    }

    /// <summary>Whether <paramref name="name"/> can be an assembly and file name on every OS.</summary>
    public static bool IsValidAssemblyName(string name) =>
        name.Length > 0 && name.Length <= 200 && name[0] != '.' && name[^1] != '.' && !name.Contains("..") &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' || c is '_' || c is '-');
}
