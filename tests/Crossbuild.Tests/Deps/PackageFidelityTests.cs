using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Deps;

/// <summary>
/// An app with NuGet packages (transitive, package-level, native per RID, a satellite resource assembly) built by crossbuild and by
/// <c>dotnet build</c> with the same PackageReferences from the same local feed: the same files, a byte-identical
/// deps.json, the same output.
/// </summary>
public class PackageFidelityTests
{
    [Fact]
    public void PackagesLandAsDotnetBuildLaysThemOut()
    {
        using var m = new PackageModule("\"A\": \"1.0.0\"", "System.Console.WriteLine(A.Lib.Name + \" \" + App.Text.T.Native);")
            .With(new TestPackage("A", "1.0.0").DependsOn("net8.0", ("B", "1.1.0")).DependsOn("netstandard2.0", ("Z", "1.0.0"))
                    .Lib("net8.0", "namespace A; public static class Lib { public static string Name => \"A:\" + B.Lib.Name; }",
                        Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(TestPackage.Compile("B", "namespace B; public static class Lib { public static string Name => \"B\"; }", Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary))),
                new TestPackage("B", "1.1.0").Lib("net8.0", "namespace B; public static class Lib { public static string Name => \"B\"; }")
                    .File("lib/net8.0/de/B.resources.dll", TestPackage.Compile("B.resources", "class R {}", Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary)),
                new TestPackage("N", "2.0.0").Lib("netstandard2.0", "namespace N; public static class Lib { public static string Name => \"N\"; }")
                    .File("runtimes/linux-x64/native/libn.so", "linux"u8.ToArray())
                    .File("runtimes/win-x64/native/n.dll", "windows"u8.ToArray()));
        m.Tree.File("text/crossbuild.json", "{\"packages\": {\"N\": \"2.0.0\"}}");
        m.Tree.File("text/t.cs", "namespace App.Text; public static class T { public static string Native => N.Lib.Name; }");
        m.Tree.File("app/main.cs", "System.Console.WriteLine(A.Lib.Name + \" \" + App.Text.T.Native);");

        var ours = m.BuildAndRun();
        ours.Should().Be("A:B N");
        var sdkOut = DotnetBuildMirror.Build(m.Tree.Root, "app", "Debug", m.Tree.Path("mirror"), m.Env);
        ProcessRunner.Run("dotnet", sdkOut, Path.Combine(sdkOut, "app.dll")).StdOut.Trim().Should().Be(ours);

        string[] Files(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();
        Files(m.Tree.Path("out")).Should().Equal(Files(sdkOut));
        File.ReadAllText(m.Tree.Path("out/app.deps.json")).Should().Be(File.ReadAllText(Path.Combine(sdkOut, "app.deps.json")));
        File.Exists(m.Tree.Path("out/de/B.resources.dll")).Should().BeTrue();
        File.ReadAllBytes(m.Tree.Path("out/runtimes/linux-x64/native/libn.so")).Should().Equal(File.ReadAllBytes(Path.Combine(sdkOut, "runtimes/linux-x64/native/libn.so")));
    }
}
