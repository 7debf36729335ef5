using System.Formats.Tar;
using System.IO.Compression;

namespace Crossbuild.Release;

/// <summary>A file going into an archive: its name inside, where its bytes are, and whether it is executable.</summary>
/// <param name="Name">The '/'-separated name inside the archive.</param>
/// <param name="Source">The file to read.</param>
/// <param name="Executable">Whether it gets mode 0755 (else 0644).</param>
public sealed record ArchiveEntry(string Name, string Source, bool Executable);

/// <summary>
/// Writes reproducible archives: entries sorted by name, every timestamp the release time, owner and group 0 with
/// empty names, modes fixed (0755 or 0644). <c>.tar.gz</c> for Linux and macOS (modes kept), <c>.zip</c> for Windows.
/// </summary>
public static class Archive
{
    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The archive extension for <paramref name="rid"/>: <c>zip</c> for Windows, <c>tar.gz</c> otherwise.</summary>
    public static string ExtensionFor(string rid) => Targets.RuntimeId.Parse(rid).ArchiveExtension;

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> in the format its extension names.</summary>
    public static void Write(string path, IEnumerable<ArchiveEntry> entries, DateTimeOffset time)
    {
        var sorted = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
        var temp = path + ".tmp";
        try
        {
            using (var file = File.Create(temp))
            {
                if (path.EndsWith(".zip", StringComparison.Ordinal)) WriteZip(file, sorted, time);
                else WriteTarGz(file, sorted, time);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void WriteTarGz(Stream output, ArchiveEntry[] entries, DateTimeOffset time)
    {
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var e in entries)
        {
            using var data = File.OpenRead(e.Source);
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, e.Name)
            {
                ModificationTime = time,
                Mode = e.Executable ? Executable : Regular,
                Uid = 0,
                Gid = 0,
                UserName = "",
                GroupName = "",
                DataStream = data,
            });
        }
    }

    private static void WriteZip(Stream output, ArchiveEntry[] entries, DateTimeOffset time)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var e in entries)
        {
            var entry = zip.CreateEntry(e.Name, CompressionLevel.SmallestSize);
            // DOS time from the release time as written (no local-time conversion), and Unix modes in the high bits.
            entry.LastWriteTime = new DateTimeOffset(time.UtcDateTime, TimeSpan.Zero);
            entry.ExternalAttributes = (int)(((uint)(e.Executable ? Executable : Regular) | 0x8000u) << 16);
            using var to = entry.Open();
            using var from = File.OpenRead(e.Source);
            from.CopyTo(to);
        }
    }
}
