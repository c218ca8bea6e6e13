using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Core.Rules;

/// <summary>Checks every line of a charge batch against a catalog snapshot and records findings.</summary>
/// <remarks>
/// Stateless and thread-safe: all per-batch state lives in the caller's <see cref="BatchOutcome"/>. Expected
/// outcomes (a bad code, a bad date) are findings, never exceptions; a clean line allocates nothing.
/// </remarks>
public sealed class BatchValidator
{
    private readonly CodeFormatProfile _codes;
    private readonly RuleTable _rules;

    /// <summary>Creates a validator for a code profile and rule table.</summary>
    public BatchValidator(CodeFormatProfile codes, RuleTable rules)
    {
        _codes = codes;
        _rules = rules;
    }

    /// <summary>The rule table in force.</summary>
    public RuleTable Rules => _rules;

    /// <summary>Validates <paramref name="request"/> into <paramref name="outcome"/> (which is reset first).</summary>
    public void Validate(ValidateRequest request, CatalogSnapshot snapshot, InstitutionRecord institution, BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentNullException.ThrowIfNull(outcome);

        var lines = request.FeeDetails;
        outcome.Reset(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            ValidateLine(i, lines[i], snapshot, outcome);
        }
    }

    private void ValidateLine(int index, FeeDetail line, CatalogSnapshot snapshot, BatchOutcome outcome)
    {
        var hasTime = FeeTime.TryParse(line.FeeOcurTime, out var feeTime);
        if (!hasTime)
        {
            Add(outcome, RuleId.FeeTimeInvalid, index, FindingField.FeeOcurTime, line.FeeOcurTime);
        }

        if (line.MedinsListCodg.Length == 0)
        {
            Add(outcome, RuleId.LocalCodeMissing, index, FindingField.MedinsListCodg, null);
        }

        var code = line.MedListCodg;
        if (code.Length == 0)
        {
            Add(outcome, RuleId.NationalCodeMissing, index, FindingField.MedListCodg, null);
            return;
        }

        if (!hasTime)
        {
            // Without a fee date only membership can be judged; the date rule waits for a valid time.
            if (!snapshot.Contains(code))
            {
                AddNotFound(outcome, index, code);
            }

            return;
        }

        switch (snapshot.Lookup(code, DateOnly.FromDateTime(feeTime), out var item))
        {
            case CatalogLookupResult.NotFound:
                AddNotFound(outcome, index, code);
                break;
            case CatalogLookupResult.NotValidOnDate:
                Add(outcome, RuleId.NationalCodeNotValidOnDate, index, FindingField.MedListCodg, code);
                break;
            default:
                ref var result = ref outcome.Line(index);
                result.HasValidNationalCode = true;
                result.ChargeLevel = item.ChargeLevel;
                break;
        }
    }

    private void AddNotFound(BatchOutcome outcome, int index, string code)
    {
        // Catalog membership is authoritative; the shape only sharpens the reason (DOMAIN.md §2).
        var family = _codes.DetectListFamily(code);
        if (family == CodeFamily.Unknown)
        {
            Add(outcome, RuleId.NationalCodeMalformed, index, FindingField.MedListCodg, code, "无法识别的国家编码类别");
        }
        else if (!_codes.IsWellFormed(family, code))
        {
            _codes.TryGetFamily(family, out var pattern);
            Add(outcome, RuleId.NationalCodeMalformed, index, FindingField.MedListCodg, code, $"不符合{pattern!.NameZh}编码规则");
        }
        else
        {
            Add(outcome, RuleId.NationalCodeUnknown, index, FindingField.MedListCodg, code);
        }
    }

    private void Add(BatchOutcome outcome, RuleId rule, int line, FindingField field, string? value, string? detail = null) =>
        outcome.Add(new FindingRecord(rule, _rules.SeverityOf(rule), line, field, 0, value, detail));
}
