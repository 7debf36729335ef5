using System.Globalization;
using Crossbuild.Diagnostics;
using Crossbuild.Plan;
using NuGet.Versioning;

namespace Crossbuild.Release;

/// <summary>A release's version and the time every archive entry carries.</summary>
/// <param name="Version">The version: <c>--version</c>, else the <c>v1.2.3</c> tag on HEAD, else <c>0.0.0-&lt;commit&gt;</c>.</param>
/// <param name="Time">The commit time, or <c>SOURCE_DATE_EPOCH</c>: what makes archives reproducible.</param>
/// <param name="Commit">The commit, when in a git checkout.</param>
/// <param name="Dirty">Whether the checkout has uncommitted changes.</param>
public sealed record ReleaseVersion(string Version, DateTimeOffset Time, string? Commit, bool Dirty)
{
    /// <summary>Works out the version and time for the module at <paramref name="moduleRoot"/>.</summary>
    public static ReleaseVersion Resolve(string moduleRoot, string? explicitVersion)
    {
        var vcs = VcsStamp.Read(moduleRoot, BuildVcs.Auto);
        var time = SourceDateEpoch() ?? (vcs is null ? ZipEpoch : DateTimeOffset.Parse(vcs.Time, CultureInfo.InvariantCulture));
        // Zip (and so nupkg) timestamps start in 1980: an earlier time would not fit.
        if (time < ZipEpoch) time = ZipEpoch;
        var version = explicitVersion ?? Tag(moduleRoot) ?? (vcs is null
            ? throw new CrossbuildException("release: no version: pass --version, or release from a git checkout (a v1.2.3 tag on HEAD, or a commit)")
            : $"0.0.0-{vcs.Revision[..12]}{(vcs.Modified ? "-dirty" : "")}");
        if (!NuGetVersion.TryParse(version, out var parsed))
            throw new CrossbuildException($"release: version \"{version}\" is not a semantic version (e.g. 1.2.3 or 1.2.3-beta.1)");
        return new ReleaseVersion(parsed.ToNormalizedString(), time, vcs?.Revision, vcs?.Modified ?? false);
    }

    /// <summary>The earliest time a zip entry can carry, used when there is no commit time.</summary>
    public static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The highest v-prefixed semantic version among the tags on HEAD.
    private static string? Tag(string moduleRoot) =>
        (VcsStamp.Git(moduleRoot, "tag", "--points-at", "HEAD") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.StartsWith('v') && NuGetVersion.TryParse(t[1..], out _))
            .Select(t => NuGetVersion.Parse(t[1..]))
            .Max()?.ToNormalizedString();

    private static DateTimeOffset? SourceDateEpoch() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}
