using System.CommandLine;
using System.Text.Json;
using Crossbuild.Diagnostics;
using Crossbuild.Env;
using Crossbuild.Load;
using Crossbuild.Targets;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild env [--json] [NAME...]</c>: where things are, as <c>go env</c>.</summary>
internal static class EnvCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("env", "Print the cache directory, module root, host RID and the SDK locations");
        var names = new Argument<string[]>("names") { Arity = ArgumentArity.ZeroOrMore, Description = "Print only these variables' values" };
        var json = new Option<bool>("--json") { Description = "Print a JSON object" };
        command.Arguments.Add(names);
        command.Options.Add(json);
        command.SetAction(result => CliApp.Guard(ctx, () =>
        {
            var vars = Collect(result, ctx);
            var wanted = result.GetValue(names) ?? [];
            foreach (var n in wanted)
                if (!vars.ContainsKey(n))
                    throw new CrossbuildException($"env: unknown variable {n}; known: {string.Join(", ", vars.Keys)}");
            var selected = wanted.Length == 0 ? vars : wanted.ToDictionary(n => n, n => vars[n]);
            if (result.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(selected, EnvJsonContext.Default.DictionaryStringString));
            }
            else if (wanted.Length > 0)
                foreach (var n in wanted) ctx.Out.WriteLine(vars[n]);
            else
                foreach (var (k, v) in vars) ctx.Out.WriteLine($"{k}=\"{v}\"");
            return 0;
        }));
        return command;
    }

    private static Dictionary<string, string> Collect(ParseResult result, CliContext ctx)
    {
        var cwd = CommonOptions.WorkingDirectory(result, ctx);
        string moduleRoot;
        try
        {
            moduleRoot = Module.Find(cwd).Root;
        }
        catch (CrossbuildException)
        {
            moduleRoot = ""; // env works outside a module, as go env does
        }
        var dotnet = DotnetEnvironment.Current;
        var refPack = dotnet.PacksDirectory is null ? "" : Path.Combine(dotnet.PacksDirectory, "Microsoft.NETCore.App.Ref");
        // The remote cache as the engine resolves it from the environment: never its credentials or key.
        var remote = Crossbuild.Cache.Remote.RemoteCacheOptions.Resolve(new CrossbuildSettings());
        return new Dictionary<string, string>
        {
            ["CROSSBUILD_VERSION"] = ToolVersion.Crossbuild,
            ["CROSSBUILD_CACHE"] = CacheLocation.Resolve(result.GetValue(CommonOptions.CacheDir)),
            ["CROSSBUILD_MODULE"] = moduleRoot,
            ["CROSSBUILD_HOSTRID"] = RidCatalog.Host.Value,
            ["CROSSBUILD_ROSLYN"] = ToolVersion.Roslyn,
            ["CROSSBUILD_REMOTE_CACHE"] = remote?.Display ?? "",
            ["CROSSBUILD_REMOTE_CACHE_UPLOAD"] = remote is null ? "" : remote.Upload ? "true" : "false",
            ["CROSSBUILD_REMOTE_CACHE_SIGNED"] = remote is null ? "" : remote.Signed ? "true" : "false",
            ["DOTNET_ROOT"] = dotnet.DotnetRoot ?? "",
            ["DOTNET_SDK"] = dotnet.SdkDirectory ?? "",
            ["DOTNET_PACKS"] = dotnet.PacksDirectory ?? "",
            ["DOTNET_REFPACKS"] = Directory.Exists(refPack) ? refPack : "",
        };
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class EnvJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
