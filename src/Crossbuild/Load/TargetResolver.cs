using Crossbuild.Diagnostics;
using Crossbuild.Targets;

namespace Crossbuild.Load;

/// <summary>What a command asks for, target-wise: the raw <c>-f</c>, <c>-r</c>, <c>-c</c>, <c>--tags</c> and <c>--matrix</c>.</summary>
/// <param name="Framework">The target framework; null for the module's.</param>
/// <param name="Runtimes">Runtime identifiers; empty for the host's.</param>
/// <param name="Configuration">Debug or Release (any case).</param>
/// <param name="Tags">Extra build tags.</param>
/// <param name="UseMatrix">Whether to build every cell of the module's matrix instead.</param>
public sealed record TargetRequest(string? Framework, IReadOnlyList<string> Runtimes, string Configuration,
    IReadOnlyList<string> Tags, bool UseMatrix)
{
    /// <summary>What executables are written as (<c>--self-contained</c>, <c>--readytorun</c>, <c>--aot</c>…); a matrix cell adds its own.</summary>
    public OutputMode Output { get; init; } = OutputMode.Default;
}

/// <summary>How many targets a verb can take, and of what kind.</summary>
public enum TargetNeeds
{
    /// <summary>Any number (<c>build</c>, <c>cache key</c>, <c>plan</c>).</summary>
    Any,

    /// <summary>Exactly one (<c>list</c>, <c>run</c>, <c>mod</c>).</summary>
    One,

    /// <summary>Any number, each RID-specific even for the host (<c>release</c>: every artifact names its runtime).</summary>
    RidSpecific,
}

/// <summary>One target of a build and where its outputs go.</summary>
/// <param name="Target">The target.</param>
/// <param name="RidSpecific">Whether outputs are RID-specific, as <c>dotnet build -r</c> makes them.</param>
/// <param name="Folder">The folder under the output directory its executables go to: the RID (and, in a matrix, the
/// configuration and tags when those vary); null for a build for the host without <c>-r</c>.</param>
/// <param name="ExplicitFramework">Whether <c>-f</c> or the matrix named the framework: a multi-targeted library then
/// builds only for its framework nearest it (<see cref="UnitGraph"/>).</param>
public sealed record ResolvedTarget(Target Target, bool RidSpecific, string? Folder, bool ExplicitFramework = false)
{
    /// <summary>What its executables are written as: the command's flags and its matrix cell's, checked.</summary>
    public OutputMode Output { get; init; } = OutputMode.Default;
}

/// <summary>
/// The one place that turns a <see cref="TargetRequest"/> into targets, with every rule about them: <c>--matrix</c>
/// and explicit runtimes exclude each other, a verb that takes one target gets a clear error naming what it got,
/// every RID, configuration, framework and tag is validated, and so is each target's output mode (<see cref="OutputMode.Check"/>).
/// </summary>
public static class TargetResolver
{
    /// <summary>The targets <paramref name="request"/> names for the module of <paramref name="manifest"/>.</summary>
    /// <param name="manifest">The module's manifest (framework and matrix).</param>
    /// <param name="request">What was asked for.</param>
    /// <param name="needs">What the verb can take.</param>
    /// <param name="verb">The verb, for errors (<c>list</c>, <c>run</c>).</param>
    public static IReadOnlyList<ResolvedTarget> Resolve(ModuleManifest manifest, TargetRequest request, TargetNeeds needs = TargetNeeds.Any,
        string verb = "build")
    {
        foreach (var r in request.Runtimes)
            if (string.IsNullOrWhiteSpace(r))
                throw new CrossbuildException("-r: empty runtime identifier");
        if (request.UseMatrix && request.Runtimes.Count > 0)
            throw new CrossbuildException("--matrix builds the runtimes crossbuild.json lists; drop -r");
        var framework = request.Framework is null ? manifest.Framework : TargetFramework.Parse(request.Framework);
        var explicitFramework = request.Framework is not null;
        var configuration = Target.NormalizeConfiguration(request.Configuration);
        IReadOnlyList<ResolvedTarget> targets;
        if (request.UseMatrix)
        {
            var matrix = manifest.Matrix ?? throw new CrossbuildException($"--matrix: {ModuleManifest.FileName} has no \"matrix\" section");
            if (matrix.Frameworks.Count > 0 && explicitFramework)
                throw new CrossbuildException("--matrix builds the frameworks crossbuild.json's matrix lists; drop -f");
            targets = matrix.Cells()
                .Select(c => new ResolvedTarget(new Target(c.Framework is null ? framework : TargetFramework.Parse(c.Framework), RidCatalog.Resolve(c.Runtime!),
                    c.Configuration!, [.. request.Tags, .. c.Tags!]), true, matrix.FolderOf(c), explicitFramework || c.Framework is not null)
                {
                    Output = request.Output.Union(c.Output ?? OutputMode.Default)
                        .Check(c.Output is null || request.Output.IsDefault ? "" : $"matrix cell {matrix.FolderOf(c)} ({c.Output} with the flags' {request.Output}): "),
                })
                .ToArray();
        }
        else if (request.Runtimes.Count == 0)
        {
            var host = RidCatalog.Host;
            var output = request.Output.Check("");
            var ridSpecific = needs == TargetNeeds.RidSpecific;
            targets = [new ResolvedTarget(new Target(framework, host, configuration, request.Tags), ridSpecific, ridSpecific ? host.Value : null, explicitFramework)
                { Output = output }];
        }
        else
        {
            var output = request.Output.Check("");
            targets = request.Runtimes.Distinct(StringComparer.Ordinal)
                .Select(r => new ResolvedTarget(new Target(framework, RidCatalog.Resolve(r), configuration, request.Tags), true, r, explicitFramework) { Output = output })
                .ToArray();
        }
        if (needs == TargetNeeds.One && targets.Count != 1)
            throw new CrossbuildException(request.UseMatrix
                ? $"{verb} takes one target; the matrix has {targets.Count} cells ({string.Join(", ", targets.Select(t => t.Target))})"
                : $"{verb} takes one runtime identifier, got {targets.Count}: {string.Join(", ", targets.Select(t => t.Target.Runtime))}");
        return targets;
    }
}
