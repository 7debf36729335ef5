//build: fancy

namespace Hello.Greet;

// Chosen with --tags fancy.
internal static class Salutation
{
    public const string Word = "Greetings and salutations";
}
