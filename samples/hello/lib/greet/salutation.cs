//build: !fancy

namespace Hello.Greet;

internal static class Salutation
{
    public const string Word = "Hello";
}
