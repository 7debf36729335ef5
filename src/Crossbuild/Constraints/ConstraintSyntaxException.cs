using Crossbuild.Diagnostics;

namespace Crossbuild.Constraints;

/// <summary>A malformed constraint expression. <see cref="Offset"/> is the 0-based position in the expression text.</summary>
public sealed class ConstraintSyntaxException : CrossbuildException
{
    /// <summary>Creates the error for a problem at <paramref name="offset"/>.</summary>
    public ConstraintSyntaxException(int offset, string reason) : base(reason)
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>0-based character offset of the problem within the expression.</summary>
    public int Offset { get; }

    /// <summary>What is wrong, without position.</summary>
    public string Reason { get; }
}
