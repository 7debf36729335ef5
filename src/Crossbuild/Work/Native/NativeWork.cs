using Crossbuild.Cache;
using Crossbuild.Diagnostics;
using Crossbuild.Work.Compile;

namespace Crossbuild.Work.Native;

/// <summary>What the native steps (crossgen2, illink, ilc) share: the cache lookup, a private folder, input files.</summary>
internal static class NativeWork
{
    /// <summary>
    /// The cached result of <paramref name="id"/> read by <paramref name="read"/>, or default on a miss (or with
    /// <paramref name="force"/>); a damaged entry is reported, deleted and counts as a miss.
    /// </summary>
    public static T? Cached<T>(BuildCache cache, bool force, IBuildReporter reporter, string id, Func<CacheEntry, T> read, string again) where T : class
    {
        if (force || cache.Get(id, reporter.CacheProblem) is not { } entry) return null;
        try
        {
            return read(entry);
        }
        catch (CacheCorruptException e)
        {
            reporter.CacheProblem($"{e.Message}; {again}");
            cache.Delete(id);
            return null;
        }
    }

    /// <summary>Runs <paramref name="body"/> in a new private temporary folder, removed afterwards.</summary>
    public static T InTemporaryFolder<T>(string prefix, Func<string, T> body)
    {
        var work = Directory.CreateTempSubdirectory(prefix);
        try
        {
            return body(work.FullName);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Writes a module assembly (tools read files, each named as its assembly) into <paramref name="folder"/>, with its
    /// PDB beside it when <paramref name="withPdb"/> (for source locations in the tool's warnings); returns its path.
    /// </summary>
    public static string Write(string folder, CompiledAssembly assembly, bool withPdb)
    {
        var path = Path.Combine(folder, assembly.Name + ".dll");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, assembly.Image);
        if (withPdb) File.WriteAllBytes(Path.ChangeExtension(path, ".pdb"), assembly.Pdb);
        return path;
    }

    /// <summary>The one-line error for a tool that failed: its first error diagnostic, else its first line.</summary>
    public static CrossbuildException Failed(string what, string tool, ToolRun run, IEnumerable<BuildDiagnostic> diagnostics)
    {
        var said = diagnostics.FirstOrDefault(d => d.IsError)?.Format("") ?? run.Output.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "";
        return new CrossbuildException($"{what}: {tool} failed (exit code {run.ExitCode}){(said.Length > 0 ? ": " + said : "")}");
    }
}
