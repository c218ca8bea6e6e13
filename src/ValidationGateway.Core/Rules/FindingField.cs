namespace ValidationGateway.Core.Rules;

/// <summary>The request field a finding points at; turned into a wire path such as <c>fee_details[2].med_list_codg</c>.</summary>
public enum FindingField
{
    /// <summary>The batch as a whole.</summary>
    None = 0,
    /// <summary>fee_details[i].feedetl_sn</summary>
    FeedetlSn,
    /// <summary>fee_details[i].fee_ocur_time</summary>
    FeeOcurTime,
    /// <summary>fee_details[i].med_list_codg</summary>
    MedListCodg,
    /// <summary>fee_details[i].medins_list_codg</summary>
    MedinsListCodg,
    /// <summary>fee_details[i].det_item_fee_sumamt</summary>
    DetItemFeeSumamt,
    /// <summary>fee_details[i].cnt</summary>
    Cnt,
    /// <summary>fee_details[i].pric</summary>
    Pric,
    /// <summary>fee_details[i].bilg_dr_codg</summary>
    BilgDrCodg,
    /// <summary>fee_details[i].hosp_appr_flag</summary>
    HospApprFlag,
    /// <summary>fee_details[i].self_pay_consent</summary>
    SelfPayConsent,
    /// <summary>fee_details[i].init_feedetl_sn</summary>
    InitFeedetlSn,
    /// <summary>visit.diag_codes[k]</summary>
    VisitDiagCodes,
    /// <summary>visit.phar_codg</summary>
    VisitPharCodg,
    /// <summary>visit.dise_codg</summary>
    VisitDiseCodg,
    /// <summary>visit.gend</summary>
    VisitGend,
    /// <summary>visit.brdy</summary>
    VisitBrdy,
}
