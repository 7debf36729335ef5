namespace Crossbuild.Load.Scanning;

/// <summary>The kinds of token the import scanner distinguishes; everything else is punctuation.</summary>
internal enum TokenKind : byte
{
    /// <summary>An identifier, including contextual keywords and <c>@</c>-escaped names.</summary>
    Identifier,

    /// <summary>A reserved C# keyword.</summary>
    Keyword,

    /// <summary>A string, character or numeric literal.</summary>
    Literal,

    /// <summary>Punctuation: one character, or <c>::</c>.</summary>
    Punct,

    /// <summary>End of input.</summary>
    End,
}

/// <summary>A token as a slice of the source text.</summary>
/// <param name="Kind">The token's kind.</param>
/// <param name="Start">Offset of the first character (after any <c>@</c> for identifiers).</param>
/// <param name="Length">Number of characters.</param>
internal readonly record struct Token(TokenKind Kind, int Start, int Length);
