using System.Reflection;
using System.Runtime.Loader;
using FluentAssertions;
using Xunit;

namespace Crossbuild.Tests.Hosts;

/// <summary>
/// Crossbuild.dll's types load with nothing but the framework: the Cake runner reflects over all types of an addin's
/// assemblies (Cake.Core's ScriptAliasFinder) before the addin can point it at the engine's own NuGet and Roslyn, and
/// a type that needs them is a warning in every script run. Such types live in Crossbuild.Adapters.
/// </summary>
public sealed class EngineTypesTests
{
    [Fact]
    public void EveryTypeOfTheEngineAssemblyLoadsWithoutItsDependencies()
    {
        var context = new FrameworkOnlyContext();
        try
        {
            var engine = context.LoadFromAssemblyPath(typeof(Crossbuild.Builder).Assembly.Location);
            var missing = new List<string>();
            try
            {
                engine.DefinedTypes.Should().NotBeEmpty();
            }
            catch (ReflectionTypeLoadException e)
            {
                missing.AddRange(e.LoaderExceptions.Select(x => x?.Message ?? "?").Distinct());
            }
            missing.Should().BeEmpty("these types of Crossbuild.dll need assemblies other than the framework to load");
            // The control: the adapters' types, which implement NuGet's and Roslyn's, do not load in this context.
            var adapters = context.LoadFromAssemblyPath(Path.Combine(Path.GetDirectoryName(engine.Location)!, "Crossbuild.Adapters.dll"));
            FluentActions.Invoking(() => adapters.DefinedTypes.ToArray()).Should().Throw<ReflectionTypeLoadException>();
            context.Refused.Should().Contain("NuGet.DependencyResolver.Core");
        }
        finally
        {
            context.Unload();
        }
    }

    // Resolves the shared framework from the default context and refuses everything else.
    private sealed class FrameworkOnlyContext() : AssemblyLoadContext("framework only", isCollectible: true)
    {
        private static readonly string FrameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        public List<string> Refused { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (File.Exists(Path.Combine(FrameworkDir, assemblyName.Name + ".dll"))) return null;
            lock (Refused) Refused.Add(assemblyName.Name!);
            throw new FileNotFoundException($"{assemblyName.Name} is not part of the framework", assemblyName.Name);
        }
    }
}
