using System.Text.Json;

namespace Crossbuild.Test;

/// <summary>A passing package result as the result cache stores it (JSON), so a later run can replay it.</summary>
internal static class StoredResult
{
    public static byte[] Serialize(PackageTestResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("status", r.Status.ToString());
            w.WriteNumber("seconds", r.Seconds);
            if (r.Framework is { } f) w.WriteString("framework", f.ToString());
            w.WriteStartArray("tests");
            foreach (var t in r.Tests)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("outcome", t.Outcome.ToString());
                w.WriteNumber("seconds", t.Seconds);
                if (t.Message is not null) w.WriteString("message", t.Message);
                if (t.Output.Length > 0) w.WriteString("output", t.Output);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static PackageTestResult Parse(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var tests = root.GetProperty("tests").EnumerateArray().Select(t => new TestCaseResult(
            t.GetProperty("name").GetString()!,
            Enum.Parse<TestOutcome>(t.GetProperty("outcome").GetString()!),
            t.GetProperty("seconds").GetDouble(),
            t.TryGetProperty("message", out var m) ? m.GetString() : null)
        {
            Output = t.TryGetProperty("output", out var o) ? o.GetString() ?? "" : "",
        }).ToArray();
        return new PackageTestResult("", Enum.Parse<TestStatus>(root.GetProperty("status").GetString()!), true, root.GetProperty("seconds").GetDouble(), tests)
        {
            Framework = root.TryGetProperty("framework", out var f) ? Enum.Parse<TestFrameworkKind>(f.GetString()!) : null,
        };
    }
}
