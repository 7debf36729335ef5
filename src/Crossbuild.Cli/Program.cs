using Crossbuild.Cli;

// SHA-256 (OpenSSL on Linux) loads on another thread while the command line is parsed.
Crossbuild.Common.ContentHash.WarmUp();
return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory);
