using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>One cell of a build matrix, or (in <see cref="BuildMatrix.Exclude"/>) a pattern where null matches anything.</summary>
/// <param name="Runtime">The runtime identifier.</param>
/// <param name="Configuration">Debug or Release.</param>
/// <param name="Tags">The extra tags.</param>
/// <param name="Framework">The target framework; null for the module's (a matrix without <c>frameworks</c>).</param>
/// <param name="Output">What its executables are written as, added to the command's flags; null for the flags alone
/// (a matrix without <c>outputs</c>), or in an exclude pattern for any.</param>
public sealed record MatrixCell(string? Runtime, string? Configuration, IReadOnlyList<string>? Tags, string? Framework = null, OutputMode? Output = null)
{
    /// <summary>Whether this exclude pattern matches <paramref name="cell"/>.</summary>
    public bool Matches(MatrixCell cell) =>
        (Runtime is null || Runtime == cell.Runtime) &&
        (Framework is null || Framework == cell.Framework) &&
        (Output is null || Output == cell.Output) &&
        (Configuration is null || string.Equals(Configuration, cell.Configuration, StringComparison.OrdinalIgnoreCase)) &&
        (Tags is null || Tags.Order(StringComparer.Ordinal).SequenceEqual((cell.Tags ?? []).Order(StringComparer.Ordinal)));
}

/// <summary>
/// The <c>matrix</c> section of crossbuild.json: runtimes × configurations × tag sets (× frameworks, for executables
/// built for several), minus <c>exclude</c> patterns, as GoReleaser's <c>ignore</c>.
/// <code>
/// "matrix": {
///   "runtimes": ["linux-x64", "win-x64"],
///   "configurations": ["Release"],
///   "tags": [[], ["fancy"]],
///   "exclude": [{ "runtime": "win-x64", "tags": ["fancy"] }]
/// }
/// </code>
/// </summary>
/// <param name="Runtimes">The runtime identifiers.</param>
/// <param name="Configurations">The configurations (default: Release).</param>
/// <param name="TagSets">The tag sets (default: one empty set).</param>
/// <param name="Exclude">Cells to leave out.</param>
public sealed record BuildMatrix(IReadOnlyList<string> Runtimes, IReadOnlyList<string> Configurations,
    IReadOnlyList<IReadOnlyList<string>> TagSets, IReadOnlyList<MatrixCell> Exclude)
{
    /// <summary>
    /// The frameworks (<c>"frameworks": ["net8.0", "net10.0"]</c>): each cell builds its executables for one, and its
    /// libraries for the framework of theirs nearest it; empty for the module's framework.
    /// </summary>
    public IReadOnlyList<string> Frameworks { get; init; } = [];

    /// <summary>
    /// The outputs (<c>"outputs": [[], ["readytorun"], ["aot"]]</c>): each entry is a set of output flags
    /// (<see cref="OutputMode"/>) its cells add to the command's; empty for the command's flags alone.
    /// </summary>
    public IReadOnlyList<OutputMode> Outputs { get; init; } = [];

    /// <summary>
    /// Runner labels by RID for <c>plan --github</c> (<c>"runners": {"linux-arm64": "my-arm-runner"}</c>), for self-hosted
    /// and larger runners; the others get GitHub's hosted runner for their OS and architecture.
    /// </summary>
    public IReadOnlyDictionary<string, string> Runners { get; init; } = new Dictionary<string, string>();

    /// <summary>The cells, in runtime, configuration, tag-set order; an error when <c>exclude</c> removes them all.</summary>
    public IReadOnlyList<MatrixCell> Cells() =>
        Product() is { Count: > 0 } cells ? cells : throw new CrossbuildException("matrix: \"exclude\" removes every cell");

    private IReadOnlyList<MatrixCell> Product()
    {
        return (from r in Runtimes
                     from c in Configurations
                     from t in TagSets
                     from f in Frameworks.Count == 0 ? [null] : Frameworks.Cast<string?>()
                     from o in Outputs.Count == 0 ? [null] : Outputs.Cast<OutputMode?>()
                     select new MatrixCell(r, c, t, f, o))
            .Where(cell => !Exclude.Any(e => e.Matches(cell)))
            .ToArray();
    }

    /// <summary>
    /// The output folder of <paramref name="cell"/>: the RID, then <c>-Config</c> when the matrix has several
    /// configurations, then <c>-tag+tag</c> (or <c>-notags</c>) when it has several tag sets, <c>-tfm</c> when it has
    /// several frameworks, and <c>-flag+flag</c> (or <c>-default</c>) when it has several outputs.
    /// </summary>
    public string FolderOf(MatrixCell cell)
    {
        var name = cell.Runtime!;
        if (Configurations.Count > 1) name += "-" + cell.Configuration;
        if (TagSets.Count > 1) name += "-" + (cell.Tags is { Count: > 0 } t ? string.Join('+', t) : "notags");
        if (Frameworks.Count > 1) name += "-" + cell.Framework;
        if (Outputs.Count > 1) name += "-" + cell.Output;
        return name;
    }

    /// <summary>Reads the section from the manifest field <paramref name="field"/>.</summary>
    internal static BuildMatrix Read(ManifestJson json, ManifestField field)
    {
        CrossbuildException Bad(string message) => json.Error(field, "matrix: " + message);
        var v = field.Value;
        if (v.ValueKind != JsonValueKind.Object) throw Bad("must be an object");
        string[] Strings(JsonElement e, string what) =>
            e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)
                ? e.EnumerateArray().Select(x => x.GetString()!).ToArray()
                : throw Bad($"\"{what}\" must be an array of strings");
        IReadOnlyList<string> runtimes = [], configurations = ["Release"], frameworks = [];
        IReadOnlyList<OutputMode> outputs = [];
        IReadOnlyList<IReadOnlyList<string>> tagSets = [[]];
        var exclude = new List<MatrixCell>();
        var runners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
            switch (p.Name)
            {
                case "runtimes":
                    runtimes = Strings(p.Value, "runtimes");
                    foreach (var rid in runtimes)
                        try { RidCatalog.Resolve(rid); }
                        catch (CrossbuildException e) { throw Bad(e.Message); }
                    break;
                case "configurations":
                    configurations = Strings(p.Value, "configurations").Select(c => Configuration(c, Bad)).ToArray();
                    break;
                case "frameworks":
                    frameworks = Strings(p.Value, "frameworks").Select(f => Framework(f, Bad)).Distinct(StringComparer.Ordinal).ToArray();
                    break;
                case "tags":
                    if (p.Value.ValueKind != JsonValueKind.Array) throw Bad("\"tags\" must be an array of tag arrays");
                    tagSets = p.Value.EnumerateArray().Select(e => (IReadOnlyList<string>)Strings(e, "tags")).ToArray();
                    break;
                case "outputs":
                    if (p.Value.ValueKind != JsonValueKind.Array) throw Bad("\"outputs\" must be an array of output flag arrays");
                    outputs = p.Value.EnumerateArray().Select(e => Output(Strings(e, "outputs"), Bad)).Distinct().ToArray();
                    break;
                case "runners":
                    if (p.Value.ValueKind != JsonValueKind.Object) throw Bad("\"runners\" must be an object of RIDs to runner labels");
                    foreach (var r in p.Value.EnumerateObject())
                    {
                        try { RidCatalog.Resolve(r.Name); }
                        catch (CrossbuildException e) { throw Bad("runners: " + e.Message); }
                        if (r.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(r.Value.GetString()))
                            throw Bad($"runners: \"{r.Name}\" must name a runner label");
                        runners[r.Name] = r.Value.GetString()!;
                    }
                    break;
                case "exclude":
                    if (p.Value.ValueKind != JsonValueKind.Array) throw Bad("\"exclude\" must be an array of objects");
                    foreach (var e in p.Value.EnumerateArray())
                        exclude.Add(ExcludeCell(e, Strings, Bad));
                    break;
                default:
                    throw Bad($"unknown field \"{p.Name}\"; expected runtimes, configurations, tags, frameworks, outputs, runners or exclude");
            }
        if (runtimes.Count == 0) throw Bad("\"runtimes\" must name at least one runtime identifier");
        var matrix = new BuildMatrix(runtimes, configurations, tagSets, exclude) { Frameworks = frameworks, Outputs = outputs, Runners = runners };
        return matrix.Product().Count > 0 ? matrix : throw Bad("\"exclude\" removes every cell");
    }

    private static MatrixCell ExcludeCell(JsonElement e, Func<JsonElement, string, string[]> strings, Func<string, CrossbuildException> bad)
    {
        if (e.ValueKind != JsonValueKind.Object) throw bad("each \"exclude\" entry must be an object");
        string? runtime = null, configuration = null, framework = null;
        IReadOnlyList<string>? tags = null;
        OutputMode? output = null;
        foreach (var p in e.EnumerateObject())
            switch (p.Name)
            {
                case "runtime" when p.Value.ValueKind == JsonValueKind.String: runtime = p.Value.GetString(); break;
                case "configuration" when p.Value.ValueKind == JsonValueKind.String: configuration = Configuration(p.Value.GetString()!, bad); break;
                case "tags": tags = strings(p.Value, "exclude.tags"); break;
                case "framework" when p.Value.ValueKind == JsonValueKind.String: framework = Framework(p.Value.GetString()!, bad); break;
                case "outputs": output = OutputMode.Parse(strings(p.Value, "exclude.outputs"), bad); break;
                default: throw bad($"exclude: unknown or malformed field \"{p.Name}\"; expected runtime, configuration, tags, framework or outputs");
            }
        return new MatrixCell(runtime, configuration, tags, framework, output);
    }

    // An entry that cannot be built alone is an error here; one the command's flags make impossible, at resolve time.
    private static OutputMode Output(string[] flags, Func<string, CrossbuildException> bad)
    {
        var mode = OutputMode.Parse(flags, bad);
        return mode.Problem() is { } problem ? throw bad($"outputs [{string.Join(", ", flags.Select(f => $"\"{f}\""))}]: {problem}") : mode;
    }

    private static string Framework(string value, Func<string, CrossbuildException> bad)
    {
        try
        {
            return TargetFramework.Parse(value).Moniker;
        }
        catch (CrossbuildException e)
        {
            throw bad(e.Message);
        }
    }

    private static string Configuration(string value, Func<string, CrossbuildException> bad)
    {
        try
        {
            return Target.NormalizeConfiguration(value);
        }
        catch (CrossbuildException e)
        {
            throw bad(e.Message);
        }
    }
}
