namespace Crossbuild.Targets;

/// <summary>
/// A shared framework a package can reference (<c>frameworkReferences</c>, the SDK's <c>FrameworkReference</c>):
/// its reference pack for compiling, its runtime pack for self-contained apps, and the analyzers of its reference
/// pack that the SDK passes by default.
/// </summary>
/// <param name="Name">The framework's name, as runtimeconfig.json names it.</param>
/// <param name="SkippedAnalyzers">Analyzer assemblies of the reference pack the SDK leaves out unless a property asks for them.</param>
public sealed record SharedFramework(string Name, IReadOnlyList<string> SkippedAnalyzers)
{
    /// <summary>The base framework every .NET app runs on.</summary>
    public static SharedFramework NetCore { get; } = new("Microsoft.NETCore.App", []);

    /// <summary>ASP.NET Core. The SDK passes neither the request delegate generator nor the configuration binding
    /// generator unless <c>EnableRequestDelegateGenerator</c> or <c>EnableConfigurationBindingGenerator</c> is set.</summary>
    public static SharedFramework AspNetCore { get; } = new("Microsoft.AspNetCore.App",
        ["Microsoft.AspNetCore.Http.RequestDelegateGenerator", "Microsoft.Extensions.Configuration.Binder.SourceGeneration"]);

    /// <summary>The frameworks a manifest may reference.</summary>
    public static IReadOnlyList<SharedFramework> Referenceable { get; } = [AspNetCore];

    /// <summary>The reference pack's package name.</summary>
    public string ReferencePack => Name + ".Ref";

    /// <summary>The runtime pack's package name for <paramref name="rid"/>.</summary>
    public string RuntimePack(string rid) => $"{Name}.Runtime.{rid}";

    /// <summary>The framework called <paramref name="name"/>, or null when a manifest cannot reference it.</summary>
    public static SharedFramework? Find(string name) =>
        Referenceable.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
