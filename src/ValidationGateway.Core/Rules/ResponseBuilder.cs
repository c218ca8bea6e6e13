using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>Turns a <see cref="BatchOutcome"/> into the wire response: field paths and Chinese messages are built here, once.</summary>
public static class ResponseBuilder
{
    /// <summary>Builds the response for <paramref name="request"/> validated against <paramref name="catalogVersion"/>.</summary>
    public static ValidateResponse Build(ValidateRequest request, string catalogVersion, BatchOutcome outcome, RuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(rules);

        var response = new ValidateResponse
        {
            RequestId = request.RequestId,
            CatalogVersion = catalogVersion,
            Verdict = outcome.Verdict,
        };

        // Straight into the repeated field, sized once: a staging array would be one more allocation per batch (measured, 88 B at 8 lines).
        var lines = response.Lines;
        lines.Capacity = outcome.LineCount;
        for (var i = 0; i < outcome.LineCount; i++)
        {
            ref var line = ref outcome.Line(i);
            lines.Add(new LineResult
            {
                FeedetlSn = request.FeeDetails[i].FeedetlSn,
                Verdict = line.Verdict,
                PricUplmtAmt = FormatAmount(line.PriceCap),
                OverlmtAmt = FormatAmount(line.OverLimitAmount),
                ChrgitmLv = line.ChargeLevel ?? "",
            });
        }

        foreach (ref readonly var f in outcome.Findings)
        {
            var feeDate = f.Line >= 0 ? DatePart(request.FeeDetails[f.Line].FeeOcurTime) : "";
            var finding = new Finding
            {
                RuleId = RuleIds.NameOf(f.Rule),
                Severity = f.Severity,
                Field = PathOf(f),
                Message = string.Format(CultureInfo.InvariantCulture, rules[f.Rule].MessageZh, f.Value ?? "", catalogVersion, feeDate, f.Detail ?? ""),
            };
            if (f.Line >= 0)
            {
                lines[f.Line].Findings.Add(finding);
            }
            else
            {
                response.Findings.Add(finding);
            }
        }

        return response;
    }

    /// <summary>The wire path of a finding's field, e.g. <c>fee_details[2].med_list_codg</c>.</summary>
    public static string PathOf(in FindingRecord f) => f.Field switch
    {
        FindingField.None => "",
        FindingField.VisitDiagCodes => $"visit.diag_codes[{f.FieldIndex}]",
        FindingField.VisitPharCodg => "visit.phar_codg",
        FindingField.VisitDiseCodg => "visit.dise_codg",
        FindingField.VisitGend => "visit.gend",
        FindingField.VisitBrdy => "visit.brdy",
        _ => $"fee_details[{f.Line}].{LineFieldName(f.Field)}",
    };

    private static string LineFieldName(FindingField field) => field switch
    {
        FindingField.FeedetlSn => "feedetl_sn",
        FindingField.FeeOcurTime => "fee_ocur_time",
        FindingField.MedListCodg => "med_list_codg",
        FindingField.MedinsListCodg => "medins_list_codg",
        FindingField.DetItemFeeSumamt => "det_item_fee_sumamt",
        FindingField.Cnt => "cnt",
        FindingField.Pric => "pric",
        FindingField.BilgDrCodg => "bilg_dr_codg",
        FindingField.HospApprFlag => "hosp_appr_flag",
        FindingField.SelfPayConsent => "self_pay_consent",
        FindingField.InitFeedetlSn => "init_feedetl_sn",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a fee detail field"),
    };

    private static string DatePart(string time) => time.Length >= 10 ? time[..10] : time;

    private static string FormatAmount(decimal? amount) => amount is { } a ? a.ToString("0.00####", CultureInfo.InvariantCulture) : "";
}
