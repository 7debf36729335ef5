// Selected only for windows targets.
static class Platform
{
    public const string Name = "windows";
}
