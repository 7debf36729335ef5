using System.Text;

namespace Crossbuild.Cli.Server;

/// <summary>What a frame from the server carries (and, for <see cref="ExecExit"/>, from the client).</summary>
internal enum FrameKind : byte
{
    /// <summary>Bytes for standard output.</summary>
    Stdout = 1,

    /// <summary>Bytes for standard error.</summary>
    Stderr = 2,

    /// <summary>The command's exit code (int32); the last frame.</summary>
    Exit = 3,

    /// <summary>Run a program in the client (<c>crossbuild run</c>): the muxer, the working directory, the arguments.</summary>
    Exec = 4,

    /// <summary>From the client: the program's exit code, after <see cref="Exec"/>.</summary>
    ExecExit = 5,
}

/// <summary>A command as the client sends it: who, where, what, with which environment and terminal.</summary>
/// <param name="ToolId">The client's tool build (<see cref="ServerPaths.ToolId"/>); a server of another refuses it.</param>
/// <param name="Directory">The working directory.</param>
/// <param name="Arguments">The command line.</param>
/// <param name="Environment">The variables that matter to a build (<see cref="Forwarded"/>).</param>
/// <param name="StderrIsTerminal">Whether stderr is a terminal (the progress line).</param>
/// <param name="Width">The terminal's width, or 0.</param>
internal sealed record ServerRequest(string ToolId, string Directory, IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment, bool StderrIsTerminal, int Width)
{
    /// <summary>The variables a request carries: what the engine, NuGet, the SDK, GitHub and the output read.</summary>
    public static bool Forwarded(string name)
    {
        // Windows' variable names are case-insensitive (Path, not PATH).
        if (OperatingSystem.IsWindows()) name = name.ToUpperInvariant();
        return name.StartsWith("CROSSBUILD_", StringComparison.Ordinal) || name.StartsWith("NUGET_", StringComparison.Ordinal)
            || name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("GITHUB_", StringComparison.Ordinal)
            || name.StartsWith("RUNNER_", StringComparison.Ordinal)
            || name is "HOME" or "PATH" or "CI" or "TERM" or "NO_COLOR" or "TMPDIR" or "USER" or "XDG_CACHE_HOME" or "XDG_DATA_HOME"
            || name is "USERPROFILE" or "LOCALAPPDATA" or "APPDATA" or "TEMP" or "TMP";
    }

    /// <summary>Writes the request.</summary>
    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(ToolId);
        w.Write(Directory);
        w.Write(Arguments.Count);
        foreach (var a in Arguments) w.Write(a);
        w.Write(Environment.Count);
        foreach (var (k, v) in Environment)
        {
            w.Write(k);
            w.Write(v);
        }
        w.Write(StderrIsTerminal);
        w.Write(Width);
    }

    /// <summary>Reads a request.</summary>
    public static ServerRequest Read(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var tool = r.ReadString();
        var dir = r.ReadString();
        var args = new string[Bounded(r.ReadInt32())];
        for (var i = 0; i < args.Length; i++) args[i] = r.ReadString();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = Bounded(r.ReadInt32()); n > 0; n--) env[r.ReadString()] = r.ReadString();
        return new ServerRequest(tool, dir, args, env, r.ReadBoolean(), r.ReadInt32());
    }

    private static int Bounded(int n) => n is >= 0 and <= 100_000 ? n : throw new InvalidDataException("bad request");
}

/// <summary>Frames: a kind byte, an int32 length, the payload.</summary>
internal static class Frames
{
    /// <summary>Writes one frame (callers serialize writers).</summary>
    public static void Write(Stream stream, FrameKind kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> head = stackalloc byte[5];
        head[0] = (byte)kind;
        BitConverter.TryWriteBytes(head[1..], payload.Length);
        stream.Write(head);
        stream.Write(payload);
    }

    /// <summary>Reads one frame; null at the end of the stream.</summary>
    public static (FrameKind Kind, byte[] Payload)? Read(Stream stream)
    {
        Span<byte> head = stackalloc byte[5];
        if (!Fill(stream, head)) return null;
        var length = BitConverter.ToInt32(head[1..]);
        if (length is < 0 or > 64 << 20) throw new InvalidDataException("bad frame");
        var payload = new byte[length];
        return Fill(stream, payload) ? ((FrameKind)head[0], payload) : null;
    }

    /// <summary>An int32 payload.</summary>
    public static byte[] Int(int value) => BitConverter.GetBytes(value);

    /// <summary>Strings, as one payload.</summary>
    public static byte[] Strings(IEnumerable<string> values)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            var list = values.ToArray();
            w.Write(list.Length);
            foreach (var v in list) w.Write(v);
        }
        return ms.ToArray();
    }

    /// <summary>The strings of a <see cref="Strings"/> payload.</summary>
    public static string[] ReadStrings(byte[] payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var list = new string[r.ReadInt32()];
        for (var i = 0; i < list.Length; i++) list[i] = r.ReadString();
        return list;
    }

    private static bool Fill(Stream stream, Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer[read..]);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}

/// <summary>A stream whose writes become frames of one kind on a shared connection.</summary>
internal sealed class FrameStream(Stream connection, FrameKind kind, Lock gate) : Stream
{
    /// <summary>Set when the client went away: output is dropped, the command runs on.</summary>
    public bool Broken { get; private set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length == 0 || Broken) return;
        lock (gate)
        {
            try
            {
                Frames.Write(connection, kind, buffer);
            }
            catch (IOException)
            {
                Broken = true;
            }
        }
    }

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
