// Selected only for linux targets: the file-name suffix is a build constraint.
static class Platform
{
    public const string Name = "linux";
}
