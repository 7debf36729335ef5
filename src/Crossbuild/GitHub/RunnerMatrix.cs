using System.Text.Json;

namespace Crossbuild.GitHub;

/// <summary>
/// The dynamic matrix for a workflow's build legs: one entry per runtime with the hosted runner that builds (and can
/// run) it, as JSON ready for <c>strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}</c>.
/// </summary>
public static class RunnerMatrix
{
    /// <summary>
    /// The hosted runner for <paramref name="rid"/>: its own OS and architecture where GitHub has one (labels checked
    /// 2026-12-02: macos-13 was retired on 2025-12-04; macos-15-intel is the last Intel image, until fall 2027).
    /// </summary>
    public static string RunnerFor(string rid) => rid switch
    {
        "linux-arm64" or "linux-musl-arm64" => "ubuntu-24.04-arm",
        "osx-x64" => "macos-15-intel",
        "win-arm64" => "windows-11-arm",
        _ when Targets.RuntimeId.TryParse(rid) is { IsOsx: true } => "macos-latest",
        _ when Targets.RuntimeId.TryParse(rid) is { IsWindows: true } => "windows-latest",
        _ => "ubuntu-latest",
    };

    /// <summary>
    /// <c>{"include":[{"rid":"linux-x64","runner":"ubuntu-latest","output":"default","flags":"","leg":"linux-x64"},…]}</c>
    /// for <paramref name="rids"/>, in order, each with the default output.
    /// </summary>
    public static string Json(IEnumerable<string> rids, IReadOnlyDictionary<string, string>? runners = null) =>
        Json(rids.Select(r => (r, Targets.OutputMode.Default)), runners);

    /// <summary>
    /// The matrix for <paramref name="legs"/>: one entry per distinct runtime and output, in order, with the runner
    /// that builds it (a RID in <paramref name="runners"/>, the matrix's <c>runners</c> map of self-hosted or larger
    /// runners, gets that label), the output's name, the flags that ask for it (<c>--aot</c>) and a leg name for
    /// folders and artifacts (<c>linux-x64</c>, <c>linux-x64-aot</c>). Each runtime builds on a runner of its own OS
    /// and architecture: outputs a host cannot make for another OS (Native AOT links with the platform's linker) are
    /// made there.
    /// </summary>
    public static string Json(IEnumerable<(string Rid, Targets.OutputMode Output)> legs, IReadOnlyDictionary<string, string>? runners = null)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: an output's "+" stays "+" for the workflow's expressions and logs.
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("include");
            foreach (var (rid, output) in legs.Distinct())
            {
                w.WriteStartObject();
                w.WriteString("rid", rid);
                w.WriteString("runner", runners?.GetValueOrDefault(rid) ?? RunnerFor(rid));
                w.WriteString("output", output.ToString());
                w.WriteString("flags", string.Join(' ', output.Flags.Select(f => "--" + f)));
                w.WriteString("leg", output.IsDefault ? rid : $"{rid}-{output}");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
