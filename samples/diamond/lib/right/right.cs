namespace Diamond.Right;

public static class RightSide
{
    public static string Say() => "right " + Diamond.Core.Names.Tag("core");
}
