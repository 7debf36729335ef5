using Crossbuild.Cli;

// SHA-256 (OpenSSL on Linux) loads on another thread while the command line is parsed.
Crossbuild.Common.ContentHash.WarmUp();
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
return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
