using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Server.Admin;

/// <summary>For each rule, its Chinese description (from the rule table) and what the institution must do about it (for the notice).</summary>
internal static class RuleGuidance
{
    private static readonly FrozenDictionary<RuleId, string> Actions = new Dictionary<RuleId, string>
    {
        [RuleId.NationalCodeMissing] = "按双码运行要求补传国家医保编码（med_list_codg）",
        [RuleId.LocalCodeMissing] = "补传院内项目编码（medins_list_codg），确保 HIS 收费项目均有本地编码",
        [RuleId.NationalCodeMalformed] = "核对国家医保编码位数与格式，按国家编码标准维护 HIS 字典",
        [RuleId.NationalCodeUnknown] = "核对编码是否在现行医保目录中，更新目录对照后重新上传",
        [RuleId.NationalCodeNotValidOnDate] = "该编码在费用发生日期已失效或未生效，请按现行目录更换有效编码",
        [RuleId.MappingUnregistered] = "在医保信息平台完成院内编码与国家编码的目录对照备案（3301）后再结算",
        [RuleId.MappingMismatch] = "按备案对照关系上传国家编码，核查是否存在串换项目，必要时重新备案",
        [RuleId.ConsumableCodeMissing] = "单独收费耗材须使用国家医保耗材编码（C 码），完成耗材对照",
        [RuleId.ConsumableNotSeparatelyChargeable] = "该耗材已含在医疗服务项目内涵中，停止另行收费",
        [RuleId.PriceOverLimit] = "按本机构等级的医保限价收费，调整 HIS 价格字典",
        [RuleId.AmountMismatch] = "核对明细金额 = 数量 × 单价，修正 HIS 计费逻辑",
        [RuleId.QuantityInvalid] = "数量须大于 0；退费冲销须填写原明细流水号（init_feedetl_sn）",
        [RuleId.FeeTimeInvalid] = "费用发生时间按 yyyy-MM-dd HH:mm:ss 上传真实有效的时间",
        [RuleId.DuplicateLine] = "明细流水号在同次就诊内不得重复使用",
        [RuleId.DuplicateCharge] = "核查重复收费项目，同次就诊不得同时收取",
        [RuleId.FrequencyExceeded] = "核查超频次收费，按单日上限收费",
        [RuleId.GenderRestricted] = "核对限性别项目的使用对象",
        [RuleId.AgeRestricted] = "核对限年龄项目的使用对象",
        [RuleId.RestrictedUseUnapproved] = "符合限定支付条件的须标记（hosp_appr_flag），否则按自费处理",
        [RuleId.SelfPayConsentRequired] = "自费项目须事先取得患者书面知情同意并上传标记",
        [RuleId.DoctorCodeMissing] = "补传开单医师的国家医保医师编码（bilg_dr_codg）",
        [RuleId.DoctorCodeMalformed] = "医师编码应为 D + 12 位数字，核对 HIS 医师字典",
        [RuleId.DoctorNotRegistered] = "开单医师须在本机构完成医保医师备案",
        [RuleId.PharmacistCodeMissing] = "补传审方药师的国家医保药师编码（phar_codg）",
        [RuleId.PharmacistNotRegistered] = "审方药师须在本药店完成医保药师备案",
        [RuleId.DiagnosisCodeMalformed] = "诊断编码须使用医保版 ICD-10 编码",
    }.ToFrozenDictionary();

    /// <summary>The Chinese description of a rule (wire name), or the name itself for a rule this build does not know.</summary>
    public static string Description(string ruleId) =>
        RuleIds.TryParse(ruleId, out var id) ? RuleTable.Default[id].DescriptionZh : ruleId;

    /// <summary>The English description, or empty.</summary>
    public static string DescriptionEn(string ruleId) =>
        RuleIds.TryParse(ruleId, out var id) ? RuleTable.Default[id].DescriptionEn : "";

    /// <summary>Whether the rule's default severity is a warning (the rest are errors).</summary>
    public static bool IsWarning(string ruleId) =>
        RuleIds.TryParse(ruleId, out var id) && RuleTable.Default[id].DefaultSeverity == Severity.Warning;

    /// <summary>What to do about a rule's findings.</summary>
    public static string Action(string ruleId) =>
        RuleIds.TryParse(ruleId, out var id) && Actions.TryGetValue(id, out var action) ? action : "请核对并整改后重新上传";
}
