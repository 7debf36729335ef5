using System.IO.Pipes;
using System.Net.Sockets;

namespace Crossbuild.Cli.Server;

/// <summary>
/// The build server's connections, never over TCP: a Unix domain socket in the user's 0700 folder (Linux, macOS),
/// or a named pipe that only the current user can open (Windows, <see cref="PipeOptions.CurrentUserOnly"/>).
/// </summary>
internal static class Transport
{
    /// <summary>A connection to this tool build's server; null when none listens.</summary>
    public static Stream? Connect()
    {
        if (OperatingSystem.IsWindows())
        {
            var pipe = new NamedPipeClientStream(".", ServerPaths.PipeName, PipeDirection.InOut, PipeOptions.CurrentUserOnly);
            try
            {
                pipe.Connect(50); // a server that exists answers at once
                return pipe;
            }
            catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
            {
                pipe.Dispose();
                return null;
            }
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(ServerPaths.Socket));
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Whether a server answers.</summary>
    public static bool Answers()
    {
        using var probe = Connect();
        return probe is not null;
    }

    /// <summary>Starts listening; null when another server of this tool build already does.</summary>
    public static Listener? Listen() =>
        OperatingSystem.IsWindows() ? PipeListener.Create() : SocketListener.Create();
}

/// <summary>Where the server accepts its clients.</summary>
internal abstract class Listener : IDisposable
{
    /// <summary>The next client's connection; null once the listener is closed.</summary>
    public abstract Stream? Accept();

    /// <summary>Whether <paramref name="connection"/> comes from a process of this user.</summary>
    public abstract bool SameUser(Stream connection);

    /// <summary>Stops accepting (a blocked <see cref="Accept"/> returns null) and removes what it created.</summary>
    public abstract void Dispose();
}

// A Unix domain socket; the peer's user comes from SO_PEERCRED on Linux, and elsewhere from the 0700 folder.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class SocketListener : Listener
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _path = ServerPaths.Socket;

    public static SocketListener? Create()
    {
        var listener = new SocketListener();
        try
        {
            // A socket file left by a server that died: nobody answers on it.
            if (File.Exists(listener._path) && !Transport.Answers()) File.Delete(listener._path);
            listener._socket.Bind(new UnixDomainSocketEndPoint(listener._path));
        }
        catch (SocketException)
        {
            listener._socket.Dispose();
            return null; // another server of this build got there first
        }
        File.SetUnixFileMode(listener._path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener._socket.Listen(16);
        return listener;
    }

    public override Stream? Accept()
    {
        try
        {
            return new NetworkStream(_socket.Accept(), ownsSocket: true);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    public override bool SameUser(Stream connection)
    {
        if (!OperatingSystem.IsLinux()) return true; // the 0700 folder keeps others out
        Span<byte> cred = stackalloc byte[12]; // struct ucred: pid, uid, gid
        var n = ((NetworkStream)connection).Socket.GetRawSocketOption(1 /* SOL_SOCKET */, 17 /* SO_PEERCRED */, cred);
        return n >= 12 && BitConverter.ToUInt32(cred[4..8]) == ServerPaths.GetUid();
    }

    public override void Dispose()
    {
        _socket.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }
}

// Named pipe instances limited to the current user: one waits for the next client at a time.
internal sealed class PipeListener : Listener
{
    private readonly CancellationTokenSource _closed = new();
    private NamedPipeServerStream? _next;

    public static PipeListener? Create()
    {
        var listener = new PipeListener();
        try
        {
            // FirstPipeInstance: creating the pipe fails when another server of this build has it.
            listener._next = listener.Instance(PipeOptions.FirstPipeInstance);
            return listener;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private NamedPipeServerStream Instance(PipeOptions extra = PipeOptions.None) =>
        new(ServerPaths.PipeName, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte,
            PipeOptions.CurrentUserOnly | PipeOptions.Asynchronous | extra);

    public override Stream? Accept()
    {
        var pipe = _next;
        if (pipe is null) return null;
        try
        {
            pipe.WaitForConnectionAsync(_closed.Token).GetAwaiter().GetResult();
            _next = Instance();
            return pipe;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            pipe.Dispose();
            return null;
        }
    }

    public override bool SameUser(Stream connection) => true; // CurrentUserOnly: the pipe's ACL admits only this user

    public override void Dispose()
    {
        _closed.Cancel();
        _next?.Dispose();
        _next = null;
    }
}
