using System.CommandLine;
using Crossbuild.Cli.Server;

namespace Crossbuild.Cli.Commands;

/// <summary><c>crossbuild server status|stop</c>, and <c>server run</c>, which the first client starts (docs/server.md).</summary>
internal static class ServerCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("server", "The warm build server: status, stop");
        var status = new Command("status", "Print the server's pid, uptime, memory and commands served");
        status.SetAction(_ =>
        {
            if (ServerClient.Control(ServerHost.StatusVerb) is { } code) return code;
            ctx.Err.WriteLine($"crossbuild: server: no server is running ({ServerPaths.Address})");
            return CliApp.ExitFailure;
        });
        var stop = new Command("stop", "Stop the server (a command in progress finishes first)");
        stop.SetAction(_ =>
        {
            if (ServerClient.Control(ServerHost.StopVerb) is { } code) return code;
            ctx.Out.WriteLine("no server is running");
            return 0;
        });
        var run = new Command("run", "Run the server in this process (clients start it by themselves)") { Hidden = true };
        run.SetAction(_ => ServerHost.Run());
        command.Subcommands.Add(status);
        command.Subcommands.Add(stop);
        command.Subcommands.Add(run);
        return command;
    }
}
