using System.Globalization;

namespace ValidationGateway.Storage.Files;

/// <summary>
/// Typed, validated access to the fields of one row. Every bad value is reported to the collector with its row
/// and column, and the method returns a neutral value so parsing goes on and finds the other errors.
/// </summary>
internal readonly struct FieldReader(TabularRow row, ImportErrorCollector errors)
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd", "yyyy/M/d", "yyyyMMdd"];

    /// <summary>The row being read.</summary>
    public TabularRow Row => row;

    /// <summary>Text, empty when absent; an error when longer than <paramref name="maxLength"/>.</summary>
    public string Text(string column, int maxLength = int.MaxValue)
    {
        var value = row[column];
        if (value.Length > maxLength)
        {
            Error(column, $"value is {value.Length} characters long; at most {maxLength} are allowed ('{TabularFileReader.Shorten(value)}')");
        }

        return value;
    }

    /// <summary>Text that must be present; an error when empty or too long.</summary>
    public string RequiredText(string column, int maxLength = int.MaxValue)
    {
        var value = Text(column, maxLength);
        if (value.Length == 0)
        {
            Error(column, "value is required");
        }

        return value;
    }

    /// <summary>A calendar date in yyyy-MM-dd, yyyy-MM-dd HH:mm:ss (time dropped), yyyy/MM/dd or yyyyMMdd; null when empty.</summary>
    public DateOnly? Date(string column)
    {
        var value = row[column];
        if (value.Length == 0)
        {
            return null;
        }

        if (DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return DateOnly.FromDateTime(parsed);
        }

        Error(column, $"'{TabularFileReader.Shorten(value)}' is not a date; expected yyyy-MM-dd (also yyyy-MM-dd HH:mm:ss, yyyy/MM/dd, yyyyMMdd)");
        return null;
    }

    /// <summary>
    /// Validity dates from two columns (see <see cref="Date"/>); an error on <paramref name="endColumn"/> when the end
    /// is before the begin.
    /// </summary>
    public (DateOnly? Begin, DateOnly? End) DateRange(string beginColumn, string endColumn)
    {
        var begin = Date(beginColumn);
        var end = Date(endColumn);
        if (begin is { } b && end is { } e && e < b)
        {
            Error(endColumn, $"{endColumn} {Describe(e)} is before {beginColumn} {Describe(b)}");
        }

        return (begin, end);
    }

    /// <summary>A date as yyyy-MM-dd for messages; "(empty)" for none.</summary>
    public static string Describe(DateOnly? date) =>
        date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(empty)";

    /// <summary>A 0/1 flag; <paramref name="defaultValue"/> when empty.</summary>
    public bool Flag(string column, bool defaultValue)
    {
        switch (row[column])
        {
            case "":
                return defaultValue;
            case "1":
                return true;
            case "0":
                return false;
            case var other:
                Error(column, $"'{TabularFileReader.Shorten(other)}' is not a flag; expected 0 or 1");
                return defaultValue;
        }
    }

    /// <summary>
    /// A decimal amount ≥ 0 in invariant format (digits, optional '.' and fraction); null when empty.
    /// Exponents, thousands separators, NaN and negative values are errors.
    /// </summary>
    public decimal? NonNegativeDecimal(string column)
    {
        var value = row[column];
        if (value.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            Error(column, $"'{TabularFileReader.Shorten(value)}' is not a decimal number; expected digits with an optional '.', e.g. 12.50");
            return null;
        }

        if (parsed < 0 || value.StartsWith('-'))
        {
            Error(column, $"'{TabularFileReader.Shorten(value)}' is negative; the amount must be 0 or more");
            return null;
        }

        return parsed;
    }

    /// <summary>A decimal &gt; 0 (see <see cref="NonNegativeDecimal"/>); null when empty.</summary>
    public decimal? PositiveDecimal(string column)
    {
        var value = NonNegativeDecimal(column);
        if (value == 0)
        {
            Error(column, $"'{TabularFileReader.Shorten(row[column])}' is zero; the value must be more than 0");
            return null;
        }

        return value;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; null when empty.</summary>
    public int? Integer(string column, int min, int max)
    {
        var value = row[column];
        if (value.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            Error(column, $"'{TabularFileReader.Shorten(value)}' is not a whole number from {min} to {max}");
            return null;
        }

        return parsed;
    }

    /// <summary>
    /// One of a fixed set of spellings (matched as given by <paramref name="choices"/>' comparer), mapped to its
    /// value; <paramref name="defaultValue"/> when empty or not allowed (the latter is an error).
    /// </summary>
    public T Choice<T>(string column, IReadOnlyDictionary<string, T> choices, T defaultValue, string expected)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var value = row[column];
        if (value.Length == 0)
        {
            return defaultValue;
        }

        if (choices.TryGetValue(value, out var mapped))
        {
            return mapped;
        }

        Error(column, $"'{TabularFileReader.Shorten(value)}' is not allowed; expected {expected}");
        return defaultValue;
    }

    /// <summary>Like <see cref="Choice"/>, but an empty value is an error too.</summary>
    public T RequiredChoice<T>(string column, IReadOnlyDictionary<string, T> choices, T defaultValue, string expected)
    {
        if (row[column].Length == 0)
        {
            Error(column, $"value is required; expected {expected}");
            return defaultValue;
        }

        return Choice(column, choices, defaultValue, expected);
    }

    /// <summary>Reports an error about a column of this row.</summary>
    public void Error(string column, string message) => errors.Add(row.RowNumber, column, message);
}
