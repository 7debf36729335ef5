using System.Security.Cryptography;
using System.Text;

namespace Crossbuild.Common;

/// <summary>Builds an action ID from labelled lines; the text is kept so that <c>-x</c> and tests can show it.</summary>
public sealed class ActionIdBuilder
{
    private readonly StringBuilder _text;

    /// <summary>Starts an ID; <paramref name="text"/> is the text of inputs already added elsewhere.</summary>
    public ActionIdBuilder(string text = "") => _text = new StringBuilder(text);

    /// <summary>Adds one input, <c>label value</c>, on its own line.</summary>
    public ActionIdBuilder Add(string label, string value)
    {
        // Values never contain newlines that could forge another input line: escape them.
        _text.Append(label).Append(' ').Append(value.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        return this;
    }

    /// <summary>The inputs as text.</summary>
    public string Text => _text.ToString();

    /// <summary>The action ID: the SHA-256 of the text.</summary>
    public string Id => ContentHash.Of(Text);
}
