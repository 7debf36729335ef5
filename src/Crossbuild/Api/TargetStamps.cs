using Crossbuild.Common;
using Crossbuild.Cache;

namespace Crossbuild;

/// <summary>The inputs of a build-script target as hashed before it ran.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Id">The ID of the target with exactly these input contents.</param>
/// <param name="Files">How many input files were hashed.</param>
/// <param name="Outputs">Files or folders the target produces; a stamp holds only while they exist.</param>
public sealed record TargetInputs(string Target, string Id, int Files, IReadOnlyList<string> Outputs);

/// <summary>
/// Content-addressed up-to-date checks for build-script targets (what Nuke users have asked for since nuke#197):
/// a target whose declared inputs, hashed by content, already succeeded is skipped, as long as its outputs are
/// still the ones that success left (the stamp records each output file's size and mtime). Stamps live in the
/// build cache and are cleared by <c>crossbuild clean -cache</c>. Input timestamps play no part: touching a file
/// does not rerun a target; going back to an earlier version of the inputs finds its stamp, but reruns the target
/// when the outputs have been rebuilt from other inputs since.
/// </summary>
/// <param name="cacheDirectory">The build cache folder; null for the default.</param>
public sealed class TargetStamps(string? cacheDirectory = null)
{
    private readonly BuildCache _cache = new(Env.CacheLocation.Resolve(cacheDirectory));

    /// <summary>
    /// Hashes <paramref name="inputs"/> (files, or folders taken whole) for <paramref name="target"/>. Hash before the
    /// target runs and record that state after it succeeds, so an edit made while it ran is not taken as built.
    /// </summary>
    public TargetInputs Hash(string target, IEnumerable<string> inputs, IEnumerable<string>? outputs = null) =>
        Hash(target, inputs, outputs, []);

    /// <summary>
    /// Like <see cref="Hash(string, IEnumerable{string}, IEnumerable{string})"/>, and also keyed on
    /// <paramref name="settings"/>: lines that describe what else the target's outputs depend on.
    /// </summary>
    public TargetInputs Hash(string target, IEnumerable<string> inputs, IEnumerable<string>? outputs, IEnumerable<string> settings)
    {
        var files = inputs
            .SelectMany(i => Directory.Exists(i) ? Directory.EnumerateFiles(i, "*", SearchOption.AllDirectories) : [i])
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var id = new ActionIdBuilder().Add("action", "target-inputs 1").Add("target", target);
        foreach (var line in settings) id.Add("setting", line);
        foreach (var f in files)
            id.Add("file", f + " " + ContentHash.OfFileOrMissing(f));
        return new TargetInputs(target, id.Id, files.Length, outputs?.Select(Path.GetFullPath).ToArray() ?? []);
    }

    /// <summary>Whether <paramref name="state"/> already succeeded and its outputs are still exactly what it left.</summary>
    public bool IsUpToDate(TargetInputs state)
    {
        if (_cache.Get(state.Id) is not { } entry || !state.Outputs.All(o => File.Exists(o) || Directory.Exists(o))) return false;
        var recorded = entry.Facts.Where(f => f.Key == "output").Select(f => f.Value).ToArray();
        return recorded.SequenceEqual(OutputStamps(state.Outputs), StringComparer.Ordinal);
    }

    /// <summary>Records that the target succeeded with <paramref name="state"/>, and what its outputs are now.</summary>
    public void Succeeded(TargetInputs state) =>
        _cache.Put(state.Id, [], [], [new("target", state.Target), .. OutputStamps(state.Outputs).Select(o => new KeyValuePair<string, string>("output", o))]);

    // Each output file as "path size mtime": enough to tell that an output was rebuilt from other inputs since.
    private static IEnumerable<string> OutputStamps(IEnumerable<string> outputs) =>
        outputs
            .SelectMany(o => Directory.Exists(o) ? Directory.EnumerateFiles(o, "*", SearchOption.AllDirectories) : [o])
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Select(f => new FileInfo(f))
            .Select(f => $"{f.FullName} {f.Length} {f.LastWriteTimeUtc.Ticks}");
}
