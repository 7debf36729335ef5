using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>A module: the directory holding crossbuild.json with a <c>module</c> field, and its manifest.</summary>
/// <param name="Root">The module's root directory, a full path.</param>
/// <param name="Manifest">The parsed module manifest.</param>
public sealed record Module(string Root, ModuleManifest Manifest)
{
    /// <summary>
    /// Finds the module containing <paramref name="startDir"/> by walking up to the nearest crossbuild.json, as Go
    /// finds go.mod. A crossbuild.json without a <c>module</c> field is a package manifest and the walk goes on.
    /// </summary>
    public static Module Find(string startDir)
    {
        var dir = Path.GetFullPath(startDir);
        if (!Directory.Exists(dir))
            throw new CrossbuildException($"directory {startDir} does not exist");
        for (var d = dir; d is not null; d = Path.GetDirectoryName(d))
        {
            var file = Path.Combine(d, ModuleManifest.FileName);
            if (!File.Exists(file)) continue;
            var json = ManifestJson.Parse(ReadManifest(file), PathDisplay.Relative(startDir, file), d);
            // A manifest without "module" belongs to a package: keep looking for the module above it.
            if (json.Get("module") is null && HasModuleAbove(d))
                continue;
            return new Module(d, ModuleManifest.Read(json));
        }
        throw new CrossbuildException(
            $"no {ModuleManifest.FileName} found in {dir} or any parent directory; create one with {{\"module\": \"Name\"}}");
    }

    private static bool HasModuleAbove(string dir)
    {
        for (var d = Path.GetDirectoryName(dir); d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, ModuleManifest.FileName)))
                return true;
        return false;
    }

    /// <summary>Reads a manifest file, turning I/O failures into a clear error.</summary>
    internal static byte[] ReadManifest(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CrossbuildException($"{file}: cannot read: {e.Message}");
        }
    }

    /// <summary>The module-relative, '/'-separated form of a full path ('.' for the root).</summary>
    public string RelativeDir(string fullPath)
    {
        var rel = Path.GetRelativePath(Root, fullPath).Replace('\\', '/');
        return rel == "" ? "." : rel;
    }
}
