using System.Text;
using Crossbuild.Constraints;
using Crossbuild.Deps;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Plan;
using Crossbuild.Targets;

namespace Crossbuild.Fuzz;

/// <summary>One input of a fuzz case: the bytes of a file, or the text of a flag.</summary>
/// <param name="Bytes">File contents, for file parsers.</param>
/// <param name="Text">A flag's or a line's text, for the others.</param>
public sealed record FuzzInput(byte[]? Bytes, string? Text)
{
    /// <summary>A reproducible rendering: the text as a C# literal, or the bytes as base64.</summary>
    public override string ToString() => Bytes is not null
        ? "base64:" + Convert.ToBase64String(Bytes)
        : "\"" + string.Concat(Text!.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}")) + "\"";
}

/// <summary>A parser under fuzzing: how to make inputs, run it, and recognise a good error for an input.</summary>
/// <param name="Name">What is parsed.</param>
/// <param name="Generate">Makes an input from a random source (mutations of valid seeds, or random text).</param>
/// <param name="Run">Parses the input.</param>
/// <param name="Names">Whether a user error's message names what and where (the file, with a position where one exists; or the flag).</param>
public sealed record FuzzTarget(string Name, Func<Random, FuzzInput> Generate, Action<FuzzInput> Run, Func<string, bool> Names);

/// <summary>
/// The property every parser of user input must have: for any input it either succeeds or throws a
/// <see cref="CrossbuildException"/> whose message names the file (and position where one exists) or the flag;
/// nothing else, and no hang. Shared by the CI property tests and the long run in bench/.
/// </summary>
public static class Fuzzing
{
    private static readonly string[] ModuleSeeds =
    [
        """{"module": "Acme"}""",
        """
        {
          // the module
          "module": "Acme", "framework": "net8.0", "nullable": "warnings", "langVersion": "12", "implicitUsings": false,
          "allowUnsafe": true, "warningsAsErrors": ["CS8602", "nullable"], "warningsNotAsErrors": ["CS0168"], "noWarn": ["1591"],
          "warningLevel": 4, "checkForOverflowUnderflow": true, "usings": ["System.Text", "static System.Math", "SB = System.Text.StringBuilder", "-System.Linq"],
          "packages": { "Newtonsoft.Json": "13.0.3", "Serilog": "[4.0,5.0)" },
          "matrix": { "runtimes": ["linux-x64", "win-x64"], "configurations": ["Debug", "Release"], "tags": [[], ["fancy"]],
                      "exclude": [{ "runtime": "win-x64", "tags": ["fancy"] }] },
          "release": { "description": "d", "authors": ["a"], "license": "MIT", "projectUrl": "https://example.com", "readme": "README.md",
                       "files": ["LICENSE"], "nameTemplate": "{name}-{version}-{rid}" }
        }
        """,
    ];

    private const string PackageSeed = """{"name": "Acme.Tool", "kind": "exe", "internalsVisibleTo": ["Acme.Tests"], "packages": {"C": "1.0.0"}, "nullable": "disable", "windowsGui": true}""";

    private const string LockSeed = """
        {
          "version": 1,
          "requested": { "C": "[1.0.0, )" },
          "frameworks": { "net10.0": { "C": { "version": "1.0.0", "dependencies": { "D": "[1.0.0, )" } }, "D": { "version": "1.0.0" } } },
          "sha512": { "c/1.0.0": "sha512-AAAA", "d/1.0.0": "sha512-BBBB" }
        }
        """;

    private static readonly string[] ConstraintSeeds =
    [
        "//build: linux && !arm64\n\nnamespace X;\n",
        "// Copyright\n/* block */\n//build: (windows || darwin) && go1.2\nclass C {}\n",
        "\uFEFF//build: ignore\r\n",
    ];

    private static readonly string[] Interesting =
    [
        "\\ud800", "\\udfff", "\\u0000", "\\n", "", " ", "../..", "/etc/hostname", "C:\\x", "net99999999999.0", "net4.8", "linux-x64",
        "mars-x64", "-", "@", "=", ":", ",", "..", "...", "{rid}", "[1.0,", "*", "1e999", new string('a', 300), "é", "\u2028",
    ];

    private static readonly byte[] InterestingBytes = "{}[]\",:\\/*\n\t 0aZ-."u8.ToArray().Concat(new byte[] { 0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x00 }).ToArray();

    /// <summary>Every target; the pattern target matches against the module at <paramref name="moduleDir"/>.</summary>
    public static IReadOnlyList<FuzzTarget> Targets(string moduleDir)
    {
        var module = Module.Find(moduleDir);
        var load = new LoadResult(module, new Target(TargetFramework.Default, RidCatalog.Host, "Debug"), []);
        return
        [
            new("module manifest", r => Bytes(Mutate(r, Utf8(ModuleSeeds[r.Next(ModuleSeeds.Length)]))),
                i => ModuleManifest.Read(ManifestJson.Parse(i.Bytes!, "crossbuild.json")), m => m.StartsWith("crossbuild.json:", StringComparison.Ordinal)),
            new("package manifest", r => Bytes(Mutate(r, Utf8(PackageSeed))),
                i => PackageManifest.Read(ManifestJson.Parse(i.Bytes!, "lib/crossbuild.json"), CompileSettings.Default),
                m => m.StartsWith("lib/crossbuild.json:", StringComparison.Ordinal)),
            new("lock file", r => Bytes(Mutate(r, Utf8(LockSeed))), i => LockFile.Parse(i.Bytes!),
                m => m.StartsWith(LockFile.FileName, StringComparison.Ordinal)),
            new("constraint lines", r => Text(Encoding.UTF8.GetString(Mutate(r, Utf8(ConstraintSeeds[r.Next(ConstraintSeeds.Length)])))),
                i => BuildDirective.Find(i.Text!, "f.cs"), m => m.StartsWith("f.cs:", StringComparison.Ordinal)),
            new("runtime identifier", r => Text(Flag(r, "linux-musl-x64")), i => RidCatalog.Resolve(i.Text!),
                m => m.Contains("runtime identifier", StringComparison.Ordinal)),
            new("-X value", r => Text(Flag(r, "cmd/app:channel=beta")), i => BuildValue.Parse(i.Text!), m => m.StartsWith("-X ", StringComparison.Ordinal)),
            new("package argument", r => Text(Flag(r, "Newtonsoft.Json@[13.0,14.0)")), i => PackageRequirement.ParseArgument(i.Text!),
                m => m.Contains("NuGet package ID", StringComparison.Ordinal) || m.Contains("version", StringComparison.Ordinal)),
            new("framework", r => Text(Flag(r, "net10.0")), i => TargetFramework.Parse(i.Text!), m => m.Contains("target framework", StringComparison.Ordinal)),
            new("target flags", r => Text(Flag(r, "linux-x64,win-x64") + "|" + Flag(r, "fancy,go1.2") + "|" + Flag(r, "Release")),
                i =>
                {
                    var parts = i.Text!.Split('|');
                    var settings = new CrossbuildSettings().SetWorkingDirectory(moduleDir).SetRuntimes(parts[0].Split(','))
                        .SetTags(parts.Length > 1 ? parts[1].Split(',') : []).SetConfiguration(parts.Length > 2 ? parts[2] : "Debug");
                    settings.ResolveTargets(module);
                },
                m => m.Contains("runtime identifier", StringComparison.Ordinal) || m.Contains("--tags", StringComparison.Ordinal) ||
                     m.Contains("configuration", StringComparison.Ordinal)),
            new("patterns", r => Text(Flag(r, "./lib/...")), i => PackagePattern.Match(load, [i.Text!], moduleDir), m => m.StartsWith("pattern ", StringComparison.Ordinal)),
        ];
    }

    /// <summary>Runs one case: null when the property holds, else what went wrong.</summary>
    public static string? Check(FuzzTarget target, FuzzInput input, TimeSpan limit)
    {
        var run = Task.Run(() => target.Run(input));
        try
        {
            if (!run.Wait(limit)) return $"{target.Name}: no answer within {limit.TotalSeconds:0.#} s (a hang) for {input}";
            return null;
        }
        catch (AggregateException e) when (e.InnerException is CrossbuildException user)
        {
            if (user.Message.Contains('\n')) return $"{target.Name}: a multi-line error for {input}: {user.Message}";
            return target.Names(user.Message) ? null : $"{target.Name}: the error does not name its input's file or flag for {input}: {user.Message}";
        }
        catch (AggregateException e)
        {
            return $"{target.Name}: {e.InnerException!.GetType().Name}: {e.InnerException.Message} for {input}";
        }
    }

    private static FuzzInput Bytes(byte[] b) => new(b, null);

    private static FuzzInput Text(string t) => new(null, t);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // A flag's text: a valid value, mutated, or an interesting one, or random characters (lone surrogates included).
    private static string Flag(Random r, string valid) => r.Next(4) switch
    {
        0 => valid,
        1 => Interesting[r.Next(Interesting.Length)].Replace("\\u0000", "\0").Replace("\\ud800", "\ud800"),
        2 => new string(Enumerable.Range(0, r.Next(12)).Select(_ => "ax-_.,:@=/\\ \0\ud800é9"[r.Next(16)]).ToArray()),
        _ => new string(valid.Select(c => r.Next(6) == 0 ? "ax-_.,:@=/\\ \0\ud800é9"[r.Next(16)] : c).ToArray()),
    };

    /// <summary>Applies one to four structure-aware mutations to <paramref name="seed"/>.</summary>
    public static byte[] Mutate(Random r, byte[] seed)
    {
        var data = new List<byte>(seed);
        for (var n = r.Next(1, 5); n > 0; n--)
        {
            var at = data.Count == 0 ? 0 : r.Next(data.Count);
            switch (r.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << r.Next(8));
                    break;
                case 1:
                    data.Insert(at, InterestingBytes[r.Next(InterestingBytes.Length)]);
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(r.Next(1, 8), data.Count - at));
                    break;
                case 3 when data.Count > 0:
                    var len = Math.Min(r.Next(1, 16), data.Count - at);
                    data.InsertRange(r.Next(data.Count), data.GetRange(at, len));
                    break;
                case 4:
                    // Replace the contents of a string literal with an interesting string.
                    var open = data.IndexOf((byte)'"', at);
                    var close = open < 0 ? -1 : data.IndexOf((byte)'"', open + 1);
                    if (close > open)
                    {
                        data.RemoveRange(open + 1, close - open - 1);
                        data.InsertRange(open + 1, Encoding.UTF8.GetBytes(Interesting[r.Next(Interesting.Length)]));
                    }
                    break;
                case 5:
                    // Replace a value with one of another JSON kind.
                    var colon = data.IndexOf((byte)':', at);
                    if (colon >= 0)
                        data.InsertRange(colon + 1, Encoding.UTF8.GetBytes(new[] { " null,", " true,", " 1e999,", " -0,", " [],", " {},", " \"\"," }[r.Next(7)]));
                    break;
                default:
                    data.Insert(at, (byte)r.Next(256));
                    break;
            }
        }
        return data.ToArray();
    }
}
