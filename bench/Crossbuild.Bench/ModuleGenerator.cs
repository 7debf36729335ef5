using System.Text;

namespace Crossbuild.Bench;

/// <summary>
/// Generates a module of <c>packages</c> packages × <c>files</c> files: libraries in layers, each using two packages of
/// the layer below, and a few executables on top. It can also write the equivalent csproj tree for dotnet build.
/// </summary>
public sealed class ModuleGenerator(int packages = 40, int files = 12, int exes = 4)
{
    public const string ModuleName = "Gen";

    public IReadOnlyList<(string Dir, bool IsExe, string[] Deps)> Layout()
    {
        var libs = packages - exes;
        var list = new List<(string, bool, string[])>();
        const int perLayer = 6;
        for (var i = 0; i < libs; i++)
        {
            var layer = i / perLayer;
            var deps = layer == 0
                ? []
                : new[] { LibDir((layer - 1) * perLayer + i % perLayer), LibDir((layer - 1) * perLayer + (i + 1) % perLayer) }
                    .Where(d => d != LibDir(i)).Distinct().ToArray();
            list.Add((LibDir(i), false, deps));
        }
        for (var e = 0; e < exes; e++)
            list.Add(($"cmd/app{e}", true, [LibDir(libs - 1 - e), LibDir(libs - 1 - ((e + 3) % Math.Min(libs, perLayer)))]));
        return list;
    }

    private static string LibDir(int i) => $"lib/p{i:D2}";

    private static string Ns(string dir) => ModuleName + "." + string.Join('.', dir.Split('/').Select(s => char.ToUpperInvariant(s[0]) + s[1..]));

    /// <summary>Writes the crossbuild module (crossbuild.json and sources) into <paramref name="root"/>.</summary>
    public void WriteModule(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "crossbuild.json"), $"{{\"module\": \"{ModuleName}\", \"framework\": \"net10.0\"}}");
        foreach (var (dir, isExe, deps) in Layout())
        {
            var full = Path.Combine(root, dir);
            Directory.CreateDirectory(full);
            for (var f = 0; f < files; f++)
                File.WriteAllText(Path.Combine(full, $"f{f:D2}.cs"), Source(dir, isExe, deps, f));
        }
    }

    /// <summary>Writes the same sources as a csproj tree (one project per package) with a solution file.</summary>
    public void WriteCsprojTree(string root)
    {
        WriteModule(root);
        File.Delete(Path.Combine(root, "crossbuild.json"));
        var layout = Layout();
        foreach (var (dir, isExe, deps) in layout)
        {
            var name = isExe ? dir.Split('/')[^1] : ModuleName + "." + dir.Replace('/', '.');
            var refs = string.Join("\n", deps.Select(d =>
                $"    <ProjectReference Include=\"{Path.GetRelativePath(dir, d).Replace('\\', '/')}/{ModuleName}.{d.Replace('/', '.')}.csproj\" />"));
            File.WriteAllText(Path.Combine(root, dir, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <OutputType>{(isExe ? "Exe" : "Library")}</OutputType>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <AssemblyName>{name}</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                {refs}
                  </ItemGroup>
                </Project>
                """);
        }
        var sln = new StringBuilder("\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n");
        var guids = new List<string>();
        foreach (var (dir, isExe, _) in layout)
        {
            var name = isExe ? dir.Split('/')[^1] : ModuleName + "." + dir.Replace('/', '.');
            var guid = "{" + Guid.NewGuid().ToString().ToUpperInvariant() + "}";
            guids.Add(guid);
            sln.Append($"Project(\"{{9A19103F-16F7-4668-BE54-9A1E7A4F7556}}\") = \"{name}\", \"{dir.Replace('/', '\\')}\\{name}.csproj\", \"{guid}\"\nEndProject\n");
        }
        // Without configuration mappings MSBuild builds nothing from a solution.
        sln.Append("Global\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n");
        foreach (var c in new[] { "Debug", "Release" }) sln.Append($"\t\t{c}|Any CPU = {c}|Any CPU\n");
        sln.Append("\tEndGlobalSection\n\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n");
        foreach (var g in guids)
            foreach (var c in new[] { "Debug", "Release" })
                sln.Append($"\t\t{g}.{c}|Any CPU.ActiveCfg = {c}|Any CPU\n\t\t{g}.{c}|Any CPU.Build.0 = {c}|Any CPU\n");
        sln.Append("\tEndGlobalSection\nEndGlobal\n");
        File.WriteAllText(Path.Combine(root, "All.sln"), sln.ToString());
    }

    private string Source(string dir, bool isExe, string[] deps, int f)
    {
        var sb = new StringBuilder();
        foreach (var d in deps) sb.Append($"using {Ns(d)};\n");
        if (isExe && f == 0)
        {
            sb.Append("\nvar total = 0;\n");
            foreach (var d in deps) sb.Append($"total += Type00.Compute(3);\n".Replace("Type00", Ns(d) + ".Type00"));
            sb.Append("Console.WriteLine($\"total {total}\");\n");
            return sb.ToString();
        }
        sb.Append($"\nnamespace {Ns(dir)};\n\n");
        sb.Append($"/// <summary>Generated type {f}.</summary>\npublic static class Type{f:D2}\n{{\n");
        sb.Append("    public static int Compute(int seed)\n    {\n        var acc = seed;\n");
        foreach (var d in deps) sb.Append($"        acc += {Ns(d)}.Type{f:D2}.Compute(seed - 1) % 7;\n".Replace("Compute(seed - 1)", "Value"));
        sb.Append("        for (var i = 0; i < 10; i++) acc = unchecked(acc * 31 + i);\n        return acc;\n    }\n\n");
        sb.Append("    public static int Value => 42;\n\n");
        for (var m = 0; m < 8; m++)
            sb.Append($$"""
                    public static IEnumerable<string> Items{{m}}(IEnumerable<int> xs) =>
                        xs.Where(x => x % {{m + 2}} == 0).Select(x => $"item {x} of {{m}}").OrderBy(s => s.Length);

                    public sealed record Rec{{m}}(string Name, int Count)
                    {
                        public string Describe() => Count > {{m}} ? $"{Name}:{Count}" : Name.ToUpperInvariant();
                    }


                """);
        sb.Append("}\n");
        return sb.ToString();
    }
}
