using System.Text;
using System.Collections.Concurrent;
using Crossbuild.Common;
using Crossbuild.Diagnostics;
using Crossbuild.Load;
using Crossbuild.Outputs;
using Crossbuild.Outputs.Bundle;
using Crossbuild.Plan;
using Crossbuild.Targets;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work;

/// <summary>Assembles an executable's files from compiled assemblies, as <c>dotnet build</c> lays out its output folder.</summary>
public static class Linker
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> TemplatePaths = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Templates = new(StringComparer.Ordinal);

    /// <summary>
    /// Links <paramref name="action"/>; <paramref name="compiled"/> gives each compile action's result and
    /// <paramref name="precompiled"/> the ReadyToRun images that replace IL files, by output path; with
    /// <paramref name="trimmed"/>, the managed files a trim kept replace the app's, and those it dropped are left out.
    /// </summary>
    public static AppFiles Link(LinkAction action, Func<CompileAction, CompiledAssembly> compiled, IReadOnlyDictionary<string, byte[]>? precompiled = null,
        IReadOnlyDictionary<string, byte[]>? trimmed = null)
    {
        precompiled ??= new Dictionary<string, byte[]>();
        // The packages' files as the trim left them: those it dropped are gone.
        var packages = trimmed is null ? action.Packages : KeptPackages(action.Packages, trimmed);
        if (trimmed is not null)
        {
            precompiled = new Dictionary<string, byte[]>(trimmed.Concat(precompiled.Where(p => !trimmed.ContainsKey(p.Key))), StringComparer.OrdinalIgnoreCase);
        }
        byte[] Image(CompiledAssembly assembly) => precompiled.GetValueOrDefault(assembly.Name + ".dll") ?? assembly.Image;
        byte[] Pdb(CompiledAssembly assembly) => precompiled.GetValueOrDefault(assembly.Name + ".pdb") ?? assembly.Pdb;
        bool Kept(string outputPath) => trimmed is null || trimmed.ContainsKey(outputPath);
        var main = action.Main;
        var app = compiled(main);
        var files = new List<OutputFile>();
        var rid = action.Target.Runtime.Value;
        // The shared frameworks the app runs on: Microsoft.NETCore.App and what its packages reference.
        string[] frameworks = [SharedFramework.NetCore.Name, .. main.SharedFrameworks.Select(f => f.Name)];
        var runtimes = new List<RuntimePack>();
        if (action.SelfContained)
            foreach (var framework in frameworks)
            {
                var pack = RuntimePack.Read(Packs.FindOrFetch($"{framework}.Runtime.{rid}", action.Target.Framework, main.Package.FullDir), rid, framework);
                // A single-file app leaves out what the runtime pack marks DropFromSingleFile (singlefilehost links it in).
                if (action.SingleFile) pack = pack with { Files = pack.Files.Where(f => !f.DropFromSingleFile).ToArray() };
                // A trimmed app carries only the runtime's assemblies the trim kept, as trimmed.
                if (trimmed is not null) pack = pack with { Files = pack.Files.Where(f => f.Native || Kept(f.Name)).ToArray() };
                runtimes.Add(pack);
                foreach (var f in pack.Files)
                    files.Add(precompiled.TryGetValue(f.Name, out var image) && !f.Native ? new OutputFile(f.Name, image) : new OutputFile(f.Name, null, SourcePath: f.Path));
            }
        foreach (var file in packages.SelectMany(p => p.Runtime))
            files.Add(precompiled.TryGetValue(file.OutputPath, out var image) ? new OutputFile(file.OutputPath, image)
                : new OutputFile(file.OutputPath, null, SourcePath: file.FullPath, CompareContent: true));
        var libraries = main.References.Where(r => Kept(r.Package.Name + ".dll")).ToArray();
        foreach (var lib in libraries)
        {
            var assembly = compiled(lib);
            files.Add(new OutputFile(assembly.Name + ".dll", Image(assembly)));
            files.Add(new OutputFile(assembly.Name + ".pdb", Pdb(assembly)));
            files.AddRange(Satellites(assembly));
        }
        files.Add(new OutputFile(app.Name + ".dll", Image(app)));
        files.Add(new OutputFile(app.Name + ".pdb", Pdb(app)));
        // A composite ReadyToRun image goes with the components that point at it.
        if (precompiled.TryGetValue(Native.CompositeImage.FileName(app.Name), out var composite))
            files.Add(new OutputFile(Native.CompositeImage.FileName(app.Name), composite));
        files.AddRange(Satellites(app));
        var web = main.Package.Settings.IsWeb;
        // A trimmed app's runtimeconfig.json carries the feature switches the trim assumed, as the SDK writes them.
        var options = (main.Test?.RuntimeOptions ?? []).Concat(action.Trim?.Features ?? []).ToArray();
        files.Add(new OutputFile(app.Name + ".runtimeconfig.json", RuntimeFiles.RuntimeConfig(action.Target, runtimes, frameworks, serverGc: web,
            options: options)));
        // A test harness's other copied files (a reference's documentation; its DLLs are runtime files, in deps.json).
        foreach (var (path, output) in (main.Test?.Copies ?? []).Where(c => !c.OutputPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                     .Concat(main.Test?.TargetFiles ?? []))
            if (!files.Any(f => string.Equals(f.Name, output, StringComparison.OrdinalIgnoreCase)))
                files.Add(new OutputFile(output, null, SourcePath: path, CompareContent: true));
        // The Web SDK's static web assets manifest: Crossbuild serves no static web assets, so it lists none.
        if (web) files.Add(new OutputFile(app.Name + ".staticwebassets.endpoints.json", "{\"Version\":1,\"ManifestType\":\"Build\",\"Endpoints\":[]}"u8.ToArray()));
        files.Add(new OutputFile(app.Name + ".deps.json", RuntimeFiles.DepsJson(action.Target.Framework,
            Library(main, app), libraries.Select(r => Library(r, compiled(r))).ToArray(), action.RidSpecific ? rid : null, runtimes, Packages(packages))));
        if (action.EmitGenerated)
            foreach (var assembly in main.References.Select(compiled).Append(app))
                foreach (var (path, text) in assembly.Generated)
                    // As csc writes them under EmitCompilerGeneratedFiles: UTF-8 with a byte-order mark. The folder's "_"
                    // keeps an output folder inside the module from turning the sources into a package.
                    files.Add(new OutputFile($"_generated/{assembly.Name}/{path}", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
        var copies = Copies(main, files);
        files.AddRange(copies);
        var hostName = action.SingleFile && action.SelfContained ? "singlefilehost" : "apphost";
        var template = TemplatePath(action.Target, main.Package.FullDir, hostName);
        var gui = main.Package.Settings.WindowsGui && action.Target.Runtime.IsWindows;
        byte[] Host()
        {
            var host = AppHost.Create(Template(template), app.Name + ".dll", "app host for " + action.Target.Runtime);
            if (gui) AppHost.SetWindowsGui(host, "app host for " + action.Target.Runtime);
            return host;
        }
        var linked = action.SingleFile
            ? Bundle(action, packages, (FileIdentity(template) + $" {app.Name}.dll gui={gui}", Host), hostName, files, runtimes, copies, precompiled)
            : new AppFiles(Host(), files);
        return linked with { RuntimePacks = runtimes.Select(r => $"{r.Framework}.Runtime.{r.Rid}/{r.Version}").ToArray() };
    }

    /// <summary>
    /// The files of a Native AOT app: the executable (as the launcher), its debug symbols and the copied files,
    /// as <c>dotnet publish -p:PublishAot=true</c> lays them out.
    /// </summary>
    public static AppFiles LinkNative(LinkAction action, AotResult native)
    {
        var files = new List<OutputFile>();
        files.AddRange(native.Symbols);
        files.AddRange(Copies(action.Main, files));
        var version = action.Aot!.ToolVersion;
        return new AppFiles(native.Executable, files) { RuntimePacks = [$"{Native.Ilc.RuntimePackName(action.Target.Runtime)}/{version}"] };
    }

    // What of the packages' files a trim kept (a package's satellites go with its assembly).
    private static IReadOnlyList<Deps.PackageAssets> KeptPackages(IReadOnlyList<Deps.PackageAssets> packages, IReadOnlyDictionary<string, byte[]> kept)
    {
        bool Keep(Deps.PackageFile f) => f.Native || !f.OutputPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ||
            kept.ContainsKey(f.Locale is null ? f.OutputPath : Path.GetFileName(f.OutputPath).Replace(".resources.dll", ".dll", StringComparison.OrdinalIgnoreCase));
        return packages.Select(p => p with { Runtime = p.Runtime.Where(Keep).ToArray() }).ToArray();
    }

    // The copy files of the app and of every library it uses, as the SDK copies referenced projects'
    // CopyToOutputDirectory items too; the app's own first. One that lands on another output file is an error.
    private static List<OutputFile> Copies(CompileAction main, List<OutputFile> files)
    {
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in files) taken.TryAdd(f.Name, "the build's own " + f.Name);
        var copies = new List<OutputFile>();
        var contentCopies = main.ContentCopies.Select(c => new CopiedFile(c.FullPath, c.OutputPath));
        foreach (var (package, items) in main.References.Select(r => (r.Package, r.Package.Copies.AsEnumerable())).Prepend((main.Package, main.Package.Copies.Concat(contentCopies))))
            foreach (var c in items)
            {
                if (taken.TryGetValue(c.TargetPath, out var other))
                {
                    if (other == c.FullPath) continue; // two libraries copying the same file
                    throw new CrossbuildException($"{package.Dir}: copy of {c.FullPath} would overwrite {other} at {c.TargetPath}");
                }
                taken[c.TargetPath] = c.FullPath;
                copies.Add(new OutputFile(c.TargetPath, null, SourcePath: c.FullPath, CompareContent: true));
            }
        return copies;
    }

    // The single-file layout dotnet publish makes: the app, its runtimeconfig, the runtime's assemblies, the
    // libraries, then deps.json inside the launcher; PDBs (and native files the runtime pack does not drop) beside.
    // The launcher is made only when the installed one is not already it: its identity hashes what goes in, with
    // files on disk (runtime packs, NuGet packages: immutable folders) named by path, size and mtime, not read.
    private static AppFiles Bundle(LinkAction action, IReadOnlyList<Deps.PackageAssets> packages, (string Identity, Func<byte[]> Make) host, string hostName,
        List<OutputFile> files, IReadOnlyList<RuntimePack> runtimes, List<OutputFile> copies, IReadOnlyDictionary<string, byte[]> precompiled)
    {
        var rid = action.Target.Runtime;
        var name = action.Main.Package.Name;
        BundleSource Made(string file, BundleFileType type = BundleFileType.Assembly) => BundleSource.Of(file, files.First(f => f.Name == file).Content!, type);
        BundleSource Either(string file, string path) =>
            precompiled.TryGetValue(file, out var image) ? BundleSource.Of(file, image) : BundleSource.FromFile(file, path);
        var bundled = new List<BundleSource> { Made(name + ".dll"), Made(name + ".runtimeconfig.json", BundleFileType.RuntimeConfigJson) };
        foreach (var runtime in runtimes)
            bundled.AddRange(runtime.Files.Where(f => !f.Native).Select(f => Either(f.Name, f.Path)));
        bundled.AddRange(packages.SelectMany(p => p.Runtime).Where(f => !f.Native).Select(f => Either(f.OutputPath, f.FullPath)));
        bundled.AddRange(action.Main.References.Where(r => files.Any(f => f.Name == r.Package.Name + ".dll")).Select(r => Made(r.Package.Name + ".dll")));
        bundled.AddRange(files.Where(f => f.Name.EndsWith(".resources.dll", StringComparison.Ordinal) && f.Content is not null && f.Name.Contains('/'))
            .Select(f => Made(f.Name)));
        if (files.Any(f => f.Name == Native.CompositeImage.FileName(name))) bundled.Add(Made(Native.CompositeImage.FileName(name)));
        bundled.Add(Made(name + ".deps.json", BundleFileType.DepsJson));
        var packageNatives = packages.SelectMany(p => p.Runtime).Where(f => f.Native).Select(f => f.OutputPath).ToHashSet(StringComparer.Ordinal);
        // Copied files stay beside the launcher, as content files do without IncludeAllContentForSelfExtract.
        var beside = files.Where(f => f.Name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) || packageNatives.Contains(f.Name) ||
                                      runtimes.Any(r => r.Files.Any(x => x.Native && x.Name == f.Name)) || copies.Contains(f)).ToArray();
        var id = new ActionIdBuilder().Add("action", "bundle v1").Add("target", rid.Value).Add("host", $"{hostName} {host.Identity}");
        foreach (var b in bundled) id.Add("file", $"{b.Type} {b.Path} {b.Identity}");
        var launcher = new Launcher(id.Id, () =>
        {
            var made = host.Make();
            if (rid.IsOsx) made = MachOSigner.Sign(made, hostName, "launcher for " + rid); // the SDK's intermediate host
            return BundleWriter.Write(made, bundled.Select(b => new BundleFile(b.Path, b.Read(), b.Type)).ToArray(), rid);
        });
        return new AppFiles(launcher, beside);
    }

    // A file that goes into a bundle: its path there and type, what names its bytes, and how to get them.
    private sealed record BundleSource(string Path, BundleFileType Type, string Identity, Func<byte[]> Read)
    {
        public static BundleSource Of(string path, byte[] content, BundleFileType type = BundleFileType.Assembly) =>
            new(path, type, "sha256 " + ContentHash.Of(content), () => content);

        public static BundleSource FromFile(string path, string file) =>
            new(path, BundleFileType.Assembly, FileIdentity(file), () => File.ReadAllBytes(file));
    }

    // A file in an immutable package folder, named without reading it.
    private static string FileIdentity(string path)
    {
        var info = new FileInfo(path);
        return $"{Path.GetFullPath(path)} {info.Length} {info.LastWriteTimeUtc.Ticks}";
    }

    // A culture's satellite goes into <culture>/<Name>.resources.dll beside the assembly, as dotnet build puts it.
    private static IEnumerable<OutputFile> Satellites(CompiledAssembly assembly) =>
        assembly.Satellites.Select(s => new OutputFile(SatellitePath(assembly.Name, s.Culture), s.Image));

    /// <summary>Where a culture's satellite assembly of <paramref name="name"/> lies, relative to the app's folder.</summary>
    public static string SatellitePath(string name, string culture) => $"{culture}/{name}.resources.dll";

    private static AppLibrary Library(CompileAction compile, CompiledAssembly assembly)
    {
        var versions = Common.AssemblyAttributes.Of(assembly.Image);
        return new(compile.Package.Name, compile.References
            .Where(r => compile.Package.Imports.Contains(r.Package.Dir, StringComparer.Ordinal))
            .Select(r => r.Package.Name).ToArray())
        {
            Packages = compile.DirectPackages,
            Cultures = assembly.Satellites.Select(s => s.Culture).ToArray(),
            Version = compile.Package.Settings.AssemblyInfo.Version(compile.Version),
            AssemblyVersion = versions.AssemblyVersion.ToString(),
            FileVersion = versions.FileVersion,
        };
    }

    private static AppPackage[] Packages(IReadOnlyList<Deps.PackageAssets> packages)
    {
        var versions = packages.ToDictionary(p => p.Package.Id, p => p.Package.Version.ToNormalizedString(), StringComparer.OrdinalIgnoreCase);
        return packages.Select(p => new AppPackage(p.Package, p.Sha512, p.Runtime,
            p.Package.Dependencies.Where(d => versions.ContainsKey(d.Id))
                .Select(d => new KeyValuePair<string, string>(d.Id, versions[d.Id]))
                .ToArray())).ToArray();
    }

    /// <summary>
    /// The path of the host pack's app host template for <paramref name="target"/>'s RID, found once per process. The
    /// pack comes from the SDK's packs folder, else from NuGet (nuget.config found from <paramref name="configRoot"/>).
    /// </summary>
    public static string TemplatePath(Target target, string configRoot, string hostName = "apphost")
    {
        var rid = target.Runtime.Value;
        return TemplatePaths.GetOrAdd($"{target.Framework}|{rid}|{hostName}", _ => new Lazy<string>(() =>
        {
            var pack = Packs.FindOrFetch($"Microsoft.NETCore.App.Host.{rid}", target.Framework, configRoot);
            var name = hostName + target.Runtime.ExecutableSuffix;
            var path = Path.Combine(pack, "runtimes", rid, "native", name);
            if (!File.Exists(path))
                throw new CrossbuildException($"app host pack {pack} has no runtimes/{rid}/native/{name}");
            return path;
        })).Value;
    }

    /// <summary>The app host template at <paramref name="path"/> (<see cref="TemplatePath"/>), read once per process.</summary>
    public static byte[] Template(string path) => Templates.GetOrAdd(path, p => new Lazy<byte[]>(() => File.ReadAllBytes(p))).Value;
}
