//build: !linux && !windows

// Every other OS: a //build: line selects this file.
static class Platform
{
    public const string Name = "other";
}
