using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Crossbuild.Tests.Support;

namespace Crossbuild.Tests.Build;

/// <summary>
/// Strong-name signing (<c>signAssembly</c> + <c>keyFile</c>, <c>publicSign</c>, <c>delaySign</c>) against
/// <c>dotnet build</c> with <c>SignAssembly</c>, <c>AssemblyOriginatorKeyFile</c>, <c>PublicSign</c>, <c>DelaySign</c>.
/// </summary>
public class SigningTests
{
    private const string Program = "System.Console.WriteLine(System.Convert.ToHexStringLower(typeof(Program).Assembly.GetName().GetPublicKeyToken()!));";

    public static TheoryData<string, string, bool> Modes => new()
    {
        { "", "", false },
        { ", \"publicSign\": true", "<PublicSign>true</PublicSign>", true },
        { ", \"delaySign\": true", "<DelaySign>true</DelaySign>", true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void SignedAsDotnetBuildSignsIt(string manifest, string property, bool publicKeyOnly)
    {
        var ((pair, pub), key) = StrongNameKey.CreateWithKey();
        using var tree = new TempTree();
        tree.File("m/crossbuild.json", "{\"module\": \"Acme\", \"signAssembly\": true, \"keyFile\": \"keys/key.snk\"" + manifest + "}");
        tree.Bytes("m/keys/key.snk", publicKeyOnly ? pub : pair);
        tree.File("m/cmd/app/main.cs", Program);
        tree.File("mirror/main.cs", Program);
        tree.Bytes("mirror/key.snk", publicKeyOnly ? pub : pair);
        tree.File("mirror/app.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
                <SignAssembly>true</SignAssembly><AssemblyOriginatorKeyFile>key.snk</AssemblyOriginatorKeyFile>{property}
              </PropertyGroup>
            </Project>
            """);
        var ours = CliRunner.Run(tree.Path("m"), "build", "-o", "out/", "./cmd/app");
        ours.ExitCode.Should().Be(0, ours.StdErr);
        var theirs = ProcessRunner.Run("dotnet", tree.Path("mirror"), "build", "-nologo", "-p:UseSharedCompilation=false", "-o", tree.Path("mirror/out"));
        theirs.ExitCode.Should().Be(0, theirs.StdOut);

        var mine = Facts(tree.Path("m/out/app.dll"));
        var sdk = Facts(tree.Path("mirror/out/app.dll"));
        mine.Token.Should().NotBeEmpty().And.Equal(sdk.Token);
        mine.PublicKey.Should().Equal(sdk.PublicKey);
        mine.Flags.Should().Be(sdk.Flags);
        mine.SignatureSize.Should().Be(sdk.SignatureSize).And.BeGreaterThan(0);
        mine.SignatureZero.Should().Be(sdk.SignatureZero).And.Be(publicKeyOnly, "only a full signing writes a signature");
        if (!publicKeyOnly)
        {
            StrongNameKey.Verifies(System.IO.File.ReadAllBytes(tree.Path("mirror/out/app.dll")), key).Should().BeTrue("the check itself holds for csc's output");
            var image = System.IO.File.ReadAllBytes(tree.Path("m/out/app.dll"));
            StrongNameKey.Verifies(image, key).Should().BeTrue("the signature is the key's over the content");
            image[^1] ^= 0xFF;
            StrongNameKey.Verifies(image, key).Should().BeFalse("a changed byte breaks the signature");
        }
        ProcessRunner.Run(tree.Path("m/out/app"), tree.Root).StdOut.Should().Be(Convert.ToHexStringLower(sdk.Token) + "\n")
            .And.Be(ProcessRunner.Run("dotnet", tree.Root, tree.Path("mirror/out/app.dll")).StdOut);
    }

    [Fact]
    public void AChangedKeyRecompiles()
    {
        using var tree = new TempTree().Module("Acme", ", \"signAssembly\": true, \"keyFile\": \"key.snk\"");
        tree.Bytes("key.snk", StrongNameKey.Create().KeyPair);
        tree.File("cmd/app/main.cs", Program);
        CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app").ExitCode.Should().Be(0);
        var first = Facts(tree.Path("out/app.dll")).Token;
        tree.Bytes("key.snk", StrongNameKey.Create().KeyPair);
        CliRunner.Run(tree.Root, "build", "-o", "out/", "./cmd/app").ExitCode.Should().Be(0);
        Facts(tree.Path("out/app.dll")).Token.Should().NotEqual(first);
    }

    [Theory]
    [InlineData("\"signAssembly\": true, \"keyFile\": \"missing.snk\"", "crossbuild.json:1:42: key file \"missing.snk\" cannot be read: it does not exist")]
    [InlineData("\"signAssembly\": true", "crossbuild.json:1:20: field \"signAssembly\" is true but no \"keyFile\" names the key")]
    [InlineData("\"publicSign\": true", "crossbuild.json:1:20: field \"publicSign\" needs \"signAssembly\": true and a \"keyFile\"")]
    public void BadSigningIsOneLineAtTheField(string fields, string message)
    {
        using var tree = new TempTree().Module("Acme", ", " + fields);
        tree.File("main.cs", "System.Console.WriteLine(1);");
        var r = CliRunner.Run(tree.Root, "build");
        r.ExitCode.Should().NotBe(0);
        r.StdErr.Trim().Should().Be(message);
    }

    private static (byte[] Token, byte[] PublicKey, CorFlags Flags, int SignatureSize, bool SignatureZero) Facts(string dll)
    {
        using var pe = new PEReader(System.IO.File.OpenRead(dll));
        var md = pe.GetMetadataReader();
        var key = md.GetBlobBytes(md.GetAssemblyDefinition().PublicKey);
        var dir = pe.PEHeaders.CorHeader!.StrongNameSignatureDirectory;
        var signature = dir.Size == 0 ? [] : pe.GetSectionData(dir.RelativeVirtualAddress).GetContent(0, dir.Size).ToArray();
        return (AssemblyName.GetAssemblyName(dll).GetPublicKeyToken() ?? [], key, pe.PEHeaders.CorHeader.Flags, dir.Size, signature.All(b => b == 0));
    }
}
