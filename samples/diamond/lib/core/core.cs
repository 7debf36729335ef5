namespace Diamond.Core;

public static class Names
{
    public static string Tag(string who) => $"<{who}>";
}
