using Diamond.Core;

namespace Diamond.Left;

public static class LeftSide
{
    public static string Say() => "left " + Names.Tag("core");
}
