using System.Reflection;

namespace Crossbuild;

/// <summary>The version of Crossbuild and of the Roslyn compiler it embeds.</summary>
public static class ToolVersion
{
    /// <summary>Crossbuild's informational version, e.g. <c>0.1.0</c>.</summary>
    public static string Crossbuild { get; } = Informational(typeof(ToolVersion).Assembly);

    /// <summary>The version of the Roslyn C# compiler in use.</summary>
    public static string Roslyn { get; } = Informational(typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly);

    private static string Informational(Assembly a)
    {
        var v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? a.GetName().Version?.ToString() ?? "0.0.0";
        var plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }
}
