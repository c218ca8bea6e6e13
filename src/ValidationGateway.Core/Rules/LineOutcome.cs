using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>What the engine computed for one line besides its findings.</summary>
public struct LineOutcome
{
    /// <summary>Worst severity of the line's findings as a verdict.</summary>
    public Verdict Verdict { get; set; }

    /// <summary>True when the line's national code was found valid on the fee date.</summary>
    public bool HasValidNationalCode { get; set; }

    /// <summary>Price cap applied (pric_uplmt_amt), if any.</summary>
    public decimal? PriceCap { get; set; }

    /// <summary>Amount over the cap (overlmt_amt), if any.</summary>
    public decimal? OverLimitAmount { get; set; }

    /// <summary>chrgitm_lv of the matched catalog row, or empty.</summary>
    public string ChargeLevel { get; set; }
}
