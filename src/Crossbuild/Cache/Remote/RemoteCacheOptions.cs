using System.Text;
using Crossbuild.Diagnostics;

namespace Crossbuild.Cache.Remote;

/// <summary>
/// Where the shared remote cache is and how a command may use it: the one answer for settings and environment.
/// The URL comes from <see cref="CrossbuildSettings.RemoteCache"/> (<c>--remote-cache</c>), else
/// <c>CROSSBUILD_REMOTE_CACHE</c>; credentials from its user:password or <c>CROSSBUILD_REMOTE_CACHE_HEADERS</c>;
/// whether it writes from <see cref="CrossbuildSettings.RemoteCacheUpload"/>, else
/// <c>CROSSBUILD_REMOTE_CACHE_UPLOAD</c>, else off for GitHub pull requests and on otherwise; the signing key from
/// <c>CROSSBUILD_REMOTE_CACHE_KEY</c>. Credentials and the key live only here, in memory: <see cref="ToString"/>
/// and every message show <see cref="Display"/>.
/// </summary>
public sealed class RemoteCacheOptions
{
    /// <summary>The URL variable.</summary>
    public const string UrlVariable = "CROSSBUILD_REMOTE_CACHE";

    /// <summary>The headers variable: <c>Name: value</c> lines.</summary>
    public const string HeadersVariable = "CROSSBUILD_REMOTE_CACHE_HEADERS";

    /// <summary>The upload variable: <c>1</c>/<c>true</c> or <c>0</c>/<c>false</c>.</summary>
    public const string UploadVariable = "CROSSBUILD_REMOTE_CACHE_UPLOAD";

    /// <summary>The signing key variable.</summary>
    public const string KeyVariable = "CROSSBUILD_REMOTE_CACHE_KEY";

    /// <summary>The timeout variable: seconds a request may take (default 30), as Bazel's <c>--remote_timeout</c>.</summary>
    public const string TimeoutVariable = "CROSSBUILD_REMOTE_CACHE_TIMEOUT";

    private RemoteCacheOptions(Uri baseUri, string display, IReadOnlyList<KeyValuePair<string, string>> headers, bool upload, byte[]? key)
    {
        BaseUri = baseUri;
        Display = display;
        Headers = headers;
        Upload = upload;
        Key = key;
    }

    /// <summary>The cache's base, without credentials, ending in <c>/</c>; <c>ac/…</c> and <c>cas/…</c> go below it.</summary>
    public Uri BaseUri { get; }

    /// <summary>The URL as it may be shown: no user information.</summary>
    public string Display { get; }

    /// <summary>Headers sent with every request (credentials among them).</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>How long a whole request (headers and body) may take.</summary>
    public TimeSpan TransferTimeout { get; private init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether this command uploads what it compiles.</summary>
    public bool Upload { get; }

    /// <summary>The HMAC key results are signed and checked with; null when results are neither signed nor checked.</summary>
    internal byte[]? Key { get; }

    /// <summary>Whether results are signed and checked.</summary>
    public bool Signed => Key is not null;

    /// <inheritdoc/>
    public override string ToString() => Display;

    /// <summary>The remote cache <paramref name="settings"/> and the environment name, or null when there is none.</summary>
    public static RemoteCacheOptions? Resolve(CrossbuildSettings settings) =>
        Resolve(settings.RemoteCache, settings.RemoteCacheUpload, Environment.GetEnvironmentVariable);

    /// <summary>Like <see cref="Resolve(CrossbuildSettings)"/> with the environment given.</summary>
    internal static RemoteCacheOptions? Resolve(string? url, bool? upload, Func<string, string?> env)
    {
        var source = url is not null ? "--remote-cache" : UrlVariable;
        url ??= env(UrlVariable);
        if (string.IsNullOrWhiteSpace(url)) return null; // an empty --remote-cache turns the variable's off
        var (baseUri, display, basic) = ParseUrl(url.Trim(), source);
        var headers = new List<KeyValuePair<string, string>>();
        if (basic is not null) headers.Add(new("Authorization", "Basic " + basic));
        headers.AddRange(ParseHeaders(env(HeadersVariable)));
        var key = env(KeyVariable) is { Length: > 0 } k ? Encoding.UTF8.GetBytes(k) : null;
        return new RemoteCacheOptions(baseUri, display, headers, upload ?? UploadDefault(env), key) { TransferTimeout = Timeout(env(TimeoutVariable)) };
    }

    /// <summary>
    /// Checks a remote cache URL: http or https, absolute, no query or fragment. Returns the base (credentials
    /// removed), the URL to show, and the Basic credentials it carried, if any. Errors show the URL without them.
    /// </summary>
    internal static (Uri Base, string Display, string? Basic) ParseUrl(string url, string source)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CrossbuildException($"{source} {Redact(url)}: expected an http:// or https:// URL, such as https://cache.example.com/prefix");
        var display = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new CrossbuildException($"{source} {display.GetLeftPart(UriPartial.Path)}: a remote cache URL has no query or fragment");
        var path = display.AbsolutePath.EndsWith('/') ? display.AbsolutePath : display.AbsolutePath + "/";
        var baseUri = new UriBuilder(display) { Path = path }.Uri;
        string? basic = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        }
        return (baseUri, baseUri.AbsoluteUri.TrimEnd('/'), basic);
    }

    // A URL as an error may show it: anything before an '@' in the authority goes.
    internal static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var at = url.LastIndexOf('@', end < 0 ? url.Length - 1 : end - 1);
        return at >= start ? url[..start] + "…@" + url[(at + 1)..] : url;
    }

    /// <summary>Parses <c>Name: value</c> lines; an error names the line, never its value.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> ParseHeaders(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var colon = line.IndexOf(':');
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (name.Length == 0 || !name.All(c => c > ' ' && c < 127 && c != ':'))
                throw new CrossbuildException($"{HeadersVariable}: line {i + 1} is not a header such as \"Authorization: Bearer …\"");
            yield return new(name, line[(colon + 1)..].Trim());
        }
    }

    private static TimeSpan Timeout(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromSeconds(30);
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new CrossbuildException($"{TimeoutVariable}={text}: expected a number of seconds from 0 to 3600, such as 30");
    }

    // Pull requests run code from anyone who can open one: by default they only read.
    private static bool UploadDefault(Func<string, string?> env)
    {
        switch (env(UploadVariable)?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "1" or "true":
                return true;
            case "0" or "false":
                return false;
            case var other:
                throw new CrossbuildException($"{UploadVariable}={other}: expected 1, true, 0 or false");
        }
        return !(env("GITHUB_ACTIONS") == "true" && env("GITHUB_EVENT_NAME") is "pull_request" or "pull_request_target");
    }
}
