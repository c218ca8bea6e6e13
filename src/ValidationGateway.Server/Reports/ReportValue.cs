namespace ValidationGateway.Server.Reports;

/// <summary>One cell of the daily report: text, or a number that every format writes as a number.</summary>
/// <param name="Text">The text of a text cell; null for a number.</param>
/// <param name="Number">The number, with the scale it is written with (amounts 2 decimals, shares 4).</param>
internal readonly record struct ReportValue(string? Text, decimal Number)
{
    public static ReportValue Of(string text) => new(text, 0);

    public static ReportValue Of(long number) => new(null, number);

    /// <summary>An amount in yuan, written with 2 decimals.</summary>
    public static ReportValue Amount(decimal yuan) => new(null, decimal.Round(yuan, 2, MidpointRounding.AwayFromZero) + 0.00m);

    /// <summary>A share 0..1, written with 4 decimals.</summary>
    public static ReportValue Share(double share) => new(null, decimal.Round((decimal)share, 4, MidpointRounding.AwayFromZero) + 0.0000m);

    public bool IsNumber => Text is null;

    /// <summary>The value as CSV writes it (invariant culture, the number's own scale).</summary>
    public override string ToString() => Text ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
