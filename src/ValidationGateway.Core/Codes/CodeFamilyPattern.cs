using System.Text.RegularExpressions;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Codes;

/// <summary>One family's detection and shape patterns, compiled from profile data.</summary>
/// <remarks>Immutable; safe to share between threads. Matching spans allocates nothing.</remarks>
public sealed class CodeFamilyPattern
{
    private readonly Regex _detect;
    private readonly Regex? _shape;

    internal CodeFamilyPattern(CodeFamily family, CodeRole role, string nameZh, ItemType itemType, string detect, string? shape, int maxLength, bool ignoreCase, string tag)
    {
        Family = family;
        Role = role;
        NameZh = nameZh;
        ItemType = itemType;
        MaxLength = maxLength;
        Tag = tag;
        // The non-backtracking engine matches in time linear in the input whatever pattern a profile brings, so hostile
        // input needs no match timeout (a timeout fired under load on ordinary codes, found by the fuzz suite).
        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _detect = new Regex(detect, options);
        _shape = shape is null ? null : new Regex(shape, options);
        DetectPattern = detect;
        ShapePattern = shape;
    }

    /// <summary>The family.</summary>
    public CodeFamily Family { get; }

    /// <summary>Where the family's codes appear.</summary>
    public CodeRole Role { get; }

    /// <summary>Chinese name of the family, for messages.</summary>
    public string NameZh { get; }

    /// <summary>Item type of list codes of this family; unspecified for other roles.</summary>
    public ItemType ItemType { get; }

    /// <summary>Longest acceptable code.</summary>
    public int MaxLength { get; }

    /// <summary>How sure we are of the shape: solid, weak or assumed.</summary>
    public string Tag { get; }

    /// <summary>The detection regex as configured.</summary>
    public string DetectPattern { get; }

    /// <summary>The shape regex as configured, or null when only catalog membership decides.</summary>
    public string? ShapePattern { get; }

    /// <summary>True when the code's leading characters say it belongs to this family.</summary>
    public bool Detects(ReadOnlySpan<char> code) => _detect.IsMatch(code);

    /// <summary>True when the code has the family's full shape (always true when the family has no shape pattern).</summary>
    public bool IsWellFormed(ReadOnlySpan<char> code) => code.Length <= MaxLength && (_shape is null || _shape.IsMatch(code));
}
