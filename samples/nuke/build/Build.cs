using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Crossbuild;
using Crossbuild.Nuke;
using Nuke.Common;
using Nuke.Common.IO;
using Nuke.Common.Tooling;

// A NUKE build whose targets cross-compile samples/hello with Crossbuild for three runtimes. Run it twice: the
// second run skips CrossbuildCompile, because its inputs (hashed by content) and settings already succeeded.
// CrossbuildRelease (from ICrossbuildRelease) packs artifacts/release: archives per runtime, SHA256SUMS, release.json.
[CrossbuildStamps]
class Build : NukeBuild, ICrossbuildCompile, ICrossbuildRelease
{
    public static int Main() => Execute<Build>(x => x.Publish);

    static readonly string[] DefaultRuntimes = ["linux-x64", "win-x64", "osx-arm64"];

    // The module lives beside this build, not at its root.
    AbsolutePath ICrossbuildCompile.CrossbuildModule => RootDirectory / ".." / "hello";

    AbsolutePath ICrossbuildCompile.CrossbuildOutput => RootDirectory / "artifacts" / "hello";

    // Three runtimes unless --runtimes says otherwise; Release builds are trimmed of local paths.
    Configure<CrossbuildSettings> ICrossbuildCompile.CrossbuildSettings => _ => _
        .SetRuntimes(From<ICrossbuildCompile>().Runtimes.Length > 0 ? From<ICrossbuildCompile>().Runtimes : DefaultRuntimes)
        .SetTrimPath(From<ICrossbuildCompile>().Configuration == "Release");

    // A target of this build that uses the compile's typed result, and is itself skipped when nothing it reads changed.
    Target Publish => _ => _
        .DependsOn(From<ICrossbuildCompile>().CrossbuildCompile)
        .WhenInputsChanged(() => [RootDirectory / "artifacts" / "hello"], () => [RootDirectory / "artifacts" / "SHA256SUMS"])
        .Executes(() =>
        {
            var launchers = From<ICrossbuildCompile>().CrossbuildResult is { } result
                ? result.Targets.SelectMany(t => t.Apps).Select(a => a.AppHostPath).ToArray()
                : Directory.GetFiles(RootDirectory / "artifacts" / "hello", "hello*", SearchOption.AllDirectories)
                    .Where(f => Path.GetFileName(f) is "hello" or "hello.exe").ToArray();
            var sums = launchers.Order(StringComparer.Ordinal).Select(f =>
                $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}  {Path.GetRelativePath(RootDirectory / "artifacts", f)}");
            File.WriteAllLines(RootDirectory / "artifacts" / "SHA256SUMS", sums);
            Serilog.Log.Information("wrote {Count} checksums", launchers.Length);
        });

    T From<T>() where T : INukeBuild => (T)(object)this;
}
