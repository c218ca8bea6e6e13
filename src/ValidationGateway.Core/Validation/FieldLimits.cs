using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Validation;

/// <summary>Field length limits from the national interface (DOMAIN.md §3); over-long values are INVALID_ARGUMENT.</summary>
internal static class FieldLimits
{
    /// <summary>Returns the wire path of the first over-long field and its limit, or null when every field fits.</summary>
    public static (string Field, int Limit)? FirstViolation(ValidateRequest request)
    {
        if ((Over(request.RequestId, 64, "request_id") ?? Over(request.FixmedinsCode, 30, "fixmedins_code")
            ?? Over(request.CatalogVersion, 64, "catalog_version")) is { } top)
        {
            return top;
        }

        if (request.Visit is { } v)
        {
            if ((Over(v.MdtrtId, 30, "visit.mdtrt_id") ?? Over(v.PsnNo, 30, "visit.psn_no") ?? Over(v.ChrgBchno, 30, "visit.chrg_bchno")
                ?? Over(v.DiseCodg, 30, "visit.dise_codg") ?? Over(v.Gend, 6, "visit.gend") ?? Over(v.Brdy, 10, "visit.brdy")
                ?? Over(v.Insutype, 6, "visit.insutype") ?? Over(v.MedType, 6, "visit.med_type") ?? Over(v.InsuplcAdmdvs, 6, "visit.insuplc_admdvs")
                ?? Over(v.PharCodg, 30, "visit.phar_codg")) is { } visit)
            {
                return visit;
            }

            if (v.DiagCodes.Count > 100)
            {
                return ("visit.diag_codes", 100);
            }

            for (var k = 0; k < v.DiagCodes.Count; k++)
            {
                if (v.DiagCodes[k].Length > 30)
                {
                    return ($"visit.diag_codes[{k}]", 30);
                }
            }
        }

        var lines = request.FeeDetails;
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            if ((Over(l.FeedetlSn, 30, "feedetl_sn") ?? Over(l.FeeOcurTime, 19, "fee_ocur_time") ?? Over(l.MedListCodg, 50, "med_list_codg")
                ?? Over(l.MedinsListCodg, 150, "medins_list_codg") ?? Over(l.DetItemFeeSumamt, 20, "det_item_fee_sumamt")
                ?? Over(l.Cnt, 20, "cnt") ?? Over(l.Pric, 20, "pric") ?? Over(l.BilgDeptCodg, 30, "bilg_dept_codg")
                ?? Over(l.BilgDrCodg, 30, "bilg_dr_codg") ?? Over(l.HospApprFlag, 3, "hosp_appr_flag")
                ?? Over(l.InitFeedetlSn, 30, "init_feedetl_sn") ?? Over(l.Rxno, 30, "rxno")) is { } line)
            {
                return ($"fee_details[{i}].{line.Field}", line.Limit);
            }
        }

        return null;
    }

    private static (string Field, int Limit)? Over(string value, int limit, string field) => value.Length > limit ? (field, limit) : null;
}
