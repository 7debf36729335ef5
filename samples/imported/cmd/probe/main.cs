using Imported.Greetings;

// Prints what the library does, under dotnet build and under Crossbuild alike.
Console.WriteLine($"{Greeter.Hello("en")} / {Greeter.Hello("de")}");
Console.WriteLine(string.Join(",", Greeter.Words()));
Console.WriteLine($"{Greeter.Origin}, {Greeter.Build}, {typeof(Greeter).Assembly.GetName().Version}");
