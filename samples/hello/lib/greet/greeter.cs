namespace Hello.Greet;

/// <summary>Builds greetings.</summary>
public static class Greeter
{
    /// <summary>Greets <paramref name="name"/>.</summary>
    public static string Greet(string name) => $"{Salutation.Word}, {name}!";
}
