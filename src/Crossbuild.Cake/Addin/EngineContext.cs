using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Crossbuild.Cake;

/// <summary>
/// The Cake runner brings its own Roslyn, NuGet and Microsoft.Extensions assemblies, older than the engine's, into
/// the default load context, where an assembly can be loaded once. When the engine asks for a version the runner's
/// cannot satisfy, the default context fails to bind it and raises <see cref="AssemblyLoadContext.Resolving"/>; this
/// loads the engine's own copy, from the package's <c>engine/</c> folder (or beside this assembly, in a build
/// output), into a context of the engine's own, which prefers that folder for everything its assemblies load.
/// Where the runner's version suffices (or in a Frosting app, which has the engine's), nothing changes.
/// </summary>
internal sealed class EngineContext : AssemblyLoadContext
{
    private static EngineContext? _instance;
    private readonly string[] _folders;

    private EngineContext(string[] folders) : base("Crossbuild engine") => _folders = folders;

    /// <summary>Hooks the default context's resolution, once, as the addin loads.</summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The hook must exist before the engine binds its dependencies.")]
    internal static void Register()
    {
        if (_instance is not null) return; // the module and the module initializer both ask
        var here = Path.GetDirectoryName(typeof(EngineContext).Assembly.Location);
        if (string.IsNullOrEmpty(here)) return; // loaded from bytes: nothing to find
        // lib/net10.0/Crossbuild.Cake.dll in the package, engine/ beside lib/.
        string[] folders = [Path.GetFullPath(Path.Combine(here, "..", "..", "engine")), here];
        _instance = new EngineContext(folders.Where(Directory.Exists).ToArray());
        Default.Resolving += (_, name) => _instance.Find(name) is { } path ? _instance.LoadFromAssemblyPath(path) : null;
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName name) => Find(name) is { } path ? LoadFromAssemblyPath(path) : null;

    /// <inheritdoc/>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) => IntPtr.Zero;

    // The engine's copy of an assembly, when it ships one (its API assembly and Cake's own stay in the default context).
    private string? Find(AssemblyName name)
    {
        if (name.Name is null or "Crossbuild" or "Crossbuild.Cake" || name.Name.StartsWith("Cake.", StringComparison.Ordinal)) return null;
        var culture = string.IsNullOrEmpty(name.CultureName) ? "" : name.CultureName;
        foreach (var folder in _folders)
        {
            // A package's Windows-specific build of an assembly (runtimes/win/lib/<tfm>/) wins there.
            var windows = Path.Combine(folder, "runtimes", "win", "lib");
            if (OperatingSystem.IsWindows() && culture.Length == 0 && Directory.Exists(windows)
                && Directory.EnumerateFiles(windows, name.Name + ".dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault() is { } specific)
                return specific;
            var path = Path.Combine(folder, culture, name.Name + ".dll");
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
