namespace Crossbuild.Load;

/// <summary>Finds import cycles, which are errors as in Go ("import cycle not allowed").</summary>
public static class ImportGraph
{
    /// <summary>
    /// Returns each cycle once as a path that starts and ends at the same Dir, e.g.
    /// <c>["lib/a", "lib/b", "lib/a"]</c>, rotated to start at its smallest Dir.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlyList<string>> imports)
    {
        var cycles = new List<IReadOnlyList<string>>();
        var seenCycles = new HashSet<string>(StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on stack, 2 = done
        var stack = new List<string>();

        void Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in imports.GetValueOrDefault(node) ?? [])
            {
                var s = state.GetValueOrDefault(next);
                if (s == 0)
                    Visit(next);
                else if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).ToList();
                    var min = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                    var rotated = cycle.Skip(min).Concat(cycle.Take(min)).ToList();
                    rotated.Add(rotated[0]);
                    if (seenCycles.Add(string.Join("\n", rotated)))
                        cycles.Add(rotated);
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
        }

        foreach (var node in imports.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0)
                Visit(node);
        return cycles;
    }
}
