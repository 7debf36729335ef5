using Crossbuild.Common;
using System.Security.Cryptography;
using System.Text;
using Crossbuild.Adapters.Reapi;
using Google.Protobuf;

namespace Crossbuild.Cache.Remote;

/// <summary>
/// Crossbuild's cache entries as REAPI <c>ActionResult</c> messages: one output file per cached output (its role as
/// the path, so <c>satellite:de</c> becomes <c>satellite/de</c>), plus <see cref="EntryPath"/>, the local entry
/// itself (warnings, facts, every output's hash and size), so that a reader rebuilds exactly the entry the writer
/// stored. With a key, the result carries an HMAC-SHA256 (<see cref="Signature"/>) in its execution metadata.
/// </summary>
internal static class ActionResults
{
    /// <summary>The output file that holds the serialized <see cref="CacheEntry"/>.</summary>
    public const string EntryPath = "crossbuild/entry";

    /// <summary>The Any type URL of the signature.</summary>
    public const string SignatureType = "type.googleapis.com/crossbuild.remote.v1.Signature";

    private const string Worker = "crossbuild";

    /// <summary>The action result for <paramref name="entry"/>, whose serialized form is <paramref name="entryBytes"/>.</summary>
    public static byte[] Encode(string actionId, CacheEntry entry, byte[] entryBytes, byte[]? key)
    {
        var result = new ActionResult { ExecutionMetadata = new ExecutedActionMetadata { Worker = Worker } };
        result.OutputFiles.Add(new OutputFile { Path = EntryPath, Digest = Digest(ContentHash.Of(entryBytes), entryBytes.LongLength) });
        foreach (var o in entry.Outputs)
            result.OutputFiles.Add(new OutputFile { Path = PathOf(o.Role), Digest = Digest(o.Hash, o.Size) });
        if (key is not null)
            result.ExecutionMetadata.AuxiliaryMetadata.Add(new Google.Protobuf.WellKnownTypes.Any
            {
                TypeUrl = SignatureType,
                Value = new Signature { HmacSha256 = ByteString.CopyFrom(Sign(key, actionId, result)) }.ToByteString(),
            });
        return result.ToByteArray();
    }

    /// <summary>
    /// The digest of the entry blob in <paramref name="bytes"/>, or why the result is refused: not an action result,
    /// not Crossbuild's, or (with <paramref name="key"/>) unsigned or wrongly signed.
    /// </summary>
    public static (Digest? Entry, string? Refusal) Decode(string actionId, byte[] bytes, byte[]? key)
    {
        ActionResult result;
        try
        {
            result = ActionResult.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return (null, "is not an ActionResult message");
        }
        var entry = result.OutputFiles.FirstOrDefault(f => f.Path == EntryPath)?.Digest;
        if (entry is null || !IsSha256(entry.Hash) || entry.SizeBytes < 0) return (null, "has no Crossbuild entry");
        if (key is null) return (entry, null);
        var signature = result.ExecutionMetadata?.AuxiliaryMetadata.FirstOrDefault(a => a.TypeUrl == SignatureType);
        if (signature is null) return (null, "is unsigned");
        byte[] mac;
        try
        {
            mac = Signature.Parser.ParseFrom(signature.Value).HmacSha256.ToByteArray();
        }
        catch (InvalidProtocolBufferException)
        {
            return (null, "has a malformed signature");
        }
        return CryptographicOperations.FixedTimeEquals(mac, Sign(key, actionId, result)) ? (entry, null) : (null, "is wrongly signed");
    }

    /// <summary>The output file path of a cached output's role (REAPI paths are '/'-separated).</summary>
    public static string PathOf(string role) => role.Replace(':', '/');

    /// <summary>
    /// HMAC-SHA256 over the action key and the result's output files (path, hash, size, executable bit, in
    /// path order): everything a reader uses, since the entry blob lists every output's hash in turn.
    /// </summary>
    private static byte[] Sign(byte[] key, string actionId, ActionResult result)
    {
        var sb = new StringBuilder("crossbuild-action-result-v1\n").Append(actionId).Append('\n');
        foreach (var f in result.OutputFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
            sb.Append(f.Path).Append('\0').Append(f.Digest?.Hash).Append('\0').Append(f.Digest?.SizeBytes ?? -1)
                .Append('\0').Append(f.IsExecutable ? '1' : '0').Append('\n');
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static Digest Digest(string hash, long size) => new() { Hash = hash, SizeBytes = size };

    /// <summary>Whether <paramref name="hash"/> is 64 lowercase hex digits.</summary>
    public static bool IsSha256(string hash) => hash.Length == 64 && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
