using Crossbuild.Cli;

// Culture data is there for what is compiled (source generators), but the tool's own output does not depend on
// the machine's locale: numbers, dates and sorting format as invariant.
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
// A bug on a background thread ends the process the same way as one on the main thread: one line, exit code 3.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    Console.Error.WriteLine(Crossbuild.Diagnostics.InternalError.Report((Exception)e.ExceptionObject).Message);
    Environment.Exit(CliApp.ExitInternal);
};
// --no-server (before any "--") keeps this command in process; otherwise the warm build server may run it.
var split = Array.IndexOf(args, "--");
var at = Array.IndexOf(args, Crossbuild.Cli.Server.ServerClient.NoServerFlag, 0, split < 0 ? args.Length : split);
var noServer = at >= 0;
if (noServer) args = [.. args[..at], .. args[(at + 1)..]];
if (!noServer && Crossbuild.Cli.Server.ServerClient.TryRun(args, Environment.CurrentDirectory) is { } code) return code;
// In process: SHA-256 (OpenSSL on Linux) loads on another thread while the command line is parsed. (The client path
// above needs neither it nor the engine.)
Crossbuild.Common.ContentHash.WarmUp();
return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
