using Crossbuild.Diagnostics;

namespace Crossbuild.Load;

/// <summary>
/// Strong-name signing as the SDK passes it to csc: <c>signAssembly</c> with <c>keyFile</c>
/// (<c>SignAssembly</c>, <c>AssemblyOriginatorKeyFile</c> → <c>/keyfile:</c>), <c>publicSign</c> (<c>/publicsign+</c>,
/// from a public key only) and <c>delaySign</c> (<c>/delaysign+</c>).
/// </summary>
/// <param name="Sign">Whether the assembly is signed (<c>SignAssembly</c>).</param>
/// <param name="KeyFile">The key file, a full path; null when none is named.</param>
/// <param name="KeyHash">The SHA-256 of the key file's bytes, which the compile's identity covers.</param>
/// <param name="PublicSign">Whether the assembly is public-signed.</param>
/// <param name="DelaySign">Whether the assembly is delay-signed.</param>
public sealed record SigningSettings(bool Sign, string? KeyFile, string? KeyHash, bool PublicSign, bool DelaySign)
{
    /// <summary>Not signed.</summary>
    public static SigningSettings None { get; } = new(false, null, null, false, false);

    /// <summary>The field names.</summary>
    internal static readonly string[] FieldNames = ["signAssembly", "keyFile", "publicSign", "delaySign"];

    /// <summary>The canonical text for keys: the key's content, not where it lies.</summary>
    public string Key => Sign ? $"key={KeyHash} public={PublicSign} delay={DelaySign}" : "unsigned";

    /// <summary>These settings overridden by <paramref name="json"/>; a key file is relative to its manifest.</summary>
    internal SigningSettings OverriddenBy(ManifestJson json)
    {
        var (file, hash) = (KeyFile, KeyHash);
        if (json.String("keyFile") is { } keyFile)
        {
            var full = Path.GetFullPath(keyFile, json.Directory ?? Environment.CurrentDirectory);
            try
            {
                hash = Common.ContentHash.Of(File.ReadAllBytes(full));
                file = full;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw json.Error(json.Get("keyFile")!, $"key file \"{keyFile}\" cannot be read: " +
                    (e is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : e.Message));
            }
        }
        var result = new SigningSettings(json.Bool("signAssembly") ?? Sign, file, hash, json.Bool("publicSign") ?? PublicSign, json.Bool("delaySign") ?? DelaySign);
        if (result.Sign && file is null)
            throw json.Error(json.Get("signAssembly") ?? json.Fields[0], "field \"signAssembly\" is true but no \"keyFile\" names the key");
        foreach (var name in new[] { "publicSign", "delaySign" })
            if (json.Get(name) is { } f && f.Value.ValueKind == System.Text.Json.JsonValueKind.True && !result.Sign)
                throw json.Error(f, $"field \"{name}\" needs \"signAssembly\": true and a \"keyFile\"");
        if (result.Sign && result.PublicSign && result.DelaySign)
            throw json.Error(json.Get("delaySign") ?? json.Get("publicSign") ?? json.Fields[0], "\"publicSign\" and \"delaySign\" cannot both be true");
        return result;
    }
}
