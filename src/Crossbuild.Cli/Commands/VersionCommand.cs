using System.CommandLine;
using Crossbuild.Targets;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild version</c>: the tool's version, as <c>go version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("version", "Print Crossbuild's version");
        command.SetAction(_ => CliApp.Guard(ctx, () =>
        {
            ctx.Out.WriteLine($"crossbuild version {ToolVersion.Crossbuild} roslyn/{ToolVersion.Roslyn} {RidCatalog.Host}");
            return 0;
        }));
        return command;
    }
}
