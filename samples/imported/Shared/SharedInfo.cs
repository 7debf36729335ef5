// Shared by every project of the original repository, linked into each (<Compile Include="../../Shared/*.cs" />).
internal static class SharedInfo
{
    public const string Origin = "shared source";
}
