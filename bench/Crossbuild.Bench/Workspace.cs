namespace Crossbuild.Bench;

/// <summary>A benchmark's generated 40 × 12 module and its equivalent csproj tree, side by side under one folder.</summary>
/// <param name="Dir">The folder, recreated for each run.</param>
/// <param name="Module">The crossbuild module.</param>
/// <param name="Csproj">The csproj tree with its All.sln.</param>
public sealed record Workspace(string Dir, string Module, string Csproj)
{
    /// <summary>Generates a fresh workspace under <paramref name="work"/>/<paramref name="name"/>.</summary>
    public static Workspace Create(string work, string name)
    {
        var dir = Path.Combine(work, name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var workspace = new Workspace(dir, Path.Combine(dir, "module"), Path.Combine(dir, "csproj"));
        var generator = new ModuleGenerator();
        generator.WriteModule(workspace.Module);
        generator.WriteCsprojTree(workspace.Csproj);
        return workspace;
    }

    /// <summary>The published ReadyToRun CLI (<c>./build.sh publish</c>), or null with a note on stderr when it is missing.</summary>
    public static string? Cli(string repoRoot)
    {
        var cli = Path.Combine(repoRoot, "artifacts", "cli", OperatingSystem.IsWindows() ? "crossbuild.exe" : "crossbuild");
        if (File.Exists(cli)) return cli;
        Console.Error.WriteLine($"no published CLI at {cli}: run ./build.sh publish first");
        return null;
    }
}
