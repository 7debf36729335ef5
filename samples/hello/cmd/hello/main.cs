using Hello.Greet;

Console.WriteLine(Greeter.Greet(args.Length > 0 ? args[0] : "world"));
Console.WriteLine($"platform: {Platform.Name}");
#if FANCY
Console.WriteLine("(built with --tags fancy)");
#endif
