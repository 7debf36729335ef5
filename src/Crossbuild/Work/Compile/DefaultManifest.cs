using System.Text;

namespace Crossbuild.Work.Compile;

/// <summary>
/// The Win32 manifest csc embeds in an application when the SDK passes none: the compiler's default manifest, with
/// the line endings of the SDK's own compiler (LF). The Roslyn package Crossbuild runs has the same text with CRLF,
/// so it is given explicitly rather than left to Roslyn.
/// </summary>
internal static class DefaultManifest
{
    private const string Text = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\n" +
        "<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\" manifestVersion=\"1.0\">\n" +
        "  <assemblyIdentity version=\"1.0.0.0\" name=\"MyApplication.app\"/>\n" +
        "  <trustInfo xmlns=\"urn:schemas-microsoft-com:asm.v2\">\n" +
        "    <security>\n" +
        "      <requestedPrivileges xmlns=\"urn:schemas-microsoft-com:asm.v3\">\n" +
        "        <requestedExecutionLevel level=\"asInvoker\" uiAccess=\"false\"/>\n" +
        "      </requestedPrivileges>\n" +
        "    </security>\n" +
        "  </trustInfo>\n" +
        "</assembly>";

    /// <summary>The manifest's bytes: UTF-8 with a byte-order mark.</summary>
    public static readonly byte[] Bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)];
}
