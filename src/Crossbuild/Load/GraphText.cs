using System.Text;

namespace Crossbuild.Load;

/// <summary>The text formats a graph is drawn in.</summary>
public enum GraphFormat
{
    /// <summary>A Mermaid flowchart (<c>graph LR</c>), which GitHub renders in Markdown.</summary>
    Mermaid,

    /// <summary>Graphviz DOT (<c>digraph</c>).</summary>
    Dot,
}

/// <summary>
/// Draws a directed graph (the module's package imports, or its NuGet packages) as Mermaid or DOT text: every node
/// in the given order, every edge once, the <c>highlighted</c> nodes marked (for example the packages a build compiled).
/// </summary>
public static class GraphText
{
    /// <summary>Parses <c>mermaid</c> or <c>dot</c> (any case).</summary>
    public static GraphFormat Parse(string text) => text.ToLowerInvariant() switch
    {
        "mermaid" => GraphFormat.Mermaid,
        "dot" => GraphFormat.Dot,
        _ => throw new Diagnostics.CrossbuildException($"graph format {text}: use mermaid or dot"),
    };

    /// <summary>
    /// The graph of <paramref name="nodes"/> and <paramref name="edges"/> (from, to) in <paramref name="format"/>; an
    /// edge's ends that are not among the nodes are added after them.
    /// </summary>
    public static string Render(GraphFormat format, IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges,
        IReadOnlySet<string>? highlighted = null, string name = "packages")
    {
        var order = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string node)
        {
            if (index.TryAdd(node, order.Count)) order.Add(node);
        }
        foreach (var n in nodes) Add(n);
        var distinct = edges.Distinct().ToArray();
        foreach (var (from, to) in distinct)
        {
            Add(from);
            Add(to);
        }
        var sb = new StringBuilder();
        if (format == GraphFormat.Mermaid)
        {
            sb.Append("graph LR\n");
            // Node IDs are indexes: a label may hold any character, an ID may not.
            for (var i = 0; i < order.Count; i++)
                sb.Append($"  n{i}[\"{order[i].Replace("\"", "#quot;")}\"]\n");
            foreach (var (from, to) in distinct)
                sb.Append($"  n{index[from]} --> n{index[to]}\n");
            var marked = order.Where(n => highlighted?.Contains(n) == true).Select(n => "n" + index[n]).ToArray();
            if (marked.Length > 0)
            {
                sb.Append("  classDef compiled fill:#d1f0d1,stroke:#2e7d32\n");
                sb.Append($"  class {string.Join(',', marked)} compiled\n");
            }
        }
        else
        {
            static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            sb.Append($"digraph {Quote(name)} {{\n  rankdir=LR;\n");
            foreach (var n in order)
                sb.Append(highlighted?.Contains(n) == true ? $"  {Quote(n)} [style=filled, fillcolor=\"#d1f0d1\"];\n" : $"  {Quote(n)};\n");
            foreach (var (from, to) in distinct)
                sb.Append($"  {Quote(from)} -> {Quote(to)};\n");
            sb.Append("}\n");
        }
        return sb.ToString();
    }
}
