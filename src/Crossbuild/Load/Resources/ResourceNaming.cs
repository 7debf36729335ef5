using System.Globalization;
using System.Text;

namespace Crossbuild.Load.Resources;

/// <summary>
/// Manifest resource names and cultures as MSBuild's <c>AssignCulture</c> and <c>CreateCSharpManifestResourceName</c>
/// give them: <c>Root.Dir.Sub.Strings</c> for <c>Dir/Sub/Strings.resx</c>, directory parts made identifiers
/// (<c>2nd dir</c> → <c>_2nd_dir</c>), a culture taken from the second extension when it names a known culture
/// (<c>Strings.de.resx</c>), and the class in a same-named .cs file beside a .resx when there is one.
/// </summary>
public static class ResourceNaming
{
    /// <summary>
    /// The culture of <paramref name="file"/> ('/'-separated) as written in its name, or null for a neutral one:
    /// the extension before the last names a culture this machine's culture data knows.
    /// </summary>
    public static string? Culture(string file)
    {
        var withoutExt = Path.GetFileNameWithoutExtension(file);
        var ext = Path.GetExtension(withoutExt);
        if (ext.Length <= 1) return null;
        var name = ext[1..];
        return IsCulture(name) ? name : null;
    }

    private static readonly string[] PseudoLocales = ["qps-ploc", "qps-ploca", "qps-plocm", "qps-Latn-x-sh"];

    private static bool IsCulture(string name)
    {
        if (PseudoLocales.Contains(name, StringComparer.OrdinalIgnoreCase)) return true;
        try
        {
            CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return true;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The manifest name of <paramref name="file"/> (relative to the package, '/'-separated) with
    /// <paramref name="culture"/> as found; <paramref name="className"/> is the first class of the .cs file the
    /// DependentUpon convention pairs it with, if any. A .resx's name gets <c>.resources</c> when embedded.
    /// </summary>
    public static string ManifestName(string rootNamespace, string file, string? culture, bool isResx, string? className)
    {
        if (className is not null)
            return culture is null ? className : className + "." + culture;
        var neutral = culture is null ? file : CultureNeutral(file, culture);
        var sb = new StringBuilder();
        if (rootNamespace.Length > 0) sb.Append(rootNamespace).Append('.');
        var dir = Path.GetDirectoryName(neutral)?.Replace('\\', '/') ?? "";
        sb.Append(EverettIdentifier(dir));
        if (dir.Length > 0) sb.Append('.');
        if (isResx)
        {
            sb.Append(Path.GetFileNameWithoutExtension(neutral));
            if (culture is not null) sb.Append('.').Append(culture);
        }
        else
            sb.Append(Path.GetFileName(neutral));
        return sb.Replace('/', '.').ToString();
    }

    // dir/base.culture.ext → dir/base.ext
    private static string CultureNeutral(string file, string culture)
    {
        var ext = Path.GetExtension(file);
        var withoutExt = file[..^ext.Length];
        return withoutExt[..^(culture.Length + 1)] + ext;
    }

    /// <summary>MSBuild's <c>MakeValidEverettIdentifier</c> of a '/'-separated directory path.</summary>
    public static string EverettIdentifier(string dir)
    {
        if (dir.Length == 0) return "";
        return string.Join('.', dir.Split('/', '\\').Select(Folder));
    }

    private static string Folder(string folder)
    {
        var result = string.Join('.', folder.Split('.').Select(Part));
        return result == "_" ? "__" : result;
    }

    private static string Part(string part)
    {
        if (part.Length == 0) return part;
        var sb = new StringBuilder(part.Length + 1);
        var first = part[0];
        if (char.IsLetter(first) || CharUnicodeInfo.GetUnicodeCategory(first) == UnicodeCategory.ConnectorPunctuation)
            sb.Append(first);
        else
        {
            sb.Append('_');
            if (IsLater(first)) sb.Append(first);
        }
        foreach (var c in part.AsSpan(1))
            sb.Append(IsLater(c) ? c : '_');
        return sb.ToString();
    }

    private static bool IsLater(char c) => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
