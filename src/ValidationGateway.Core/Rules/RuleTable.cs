using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>The rule table: every rule's default severity and texts, with a region profile's severity overrides applied.</summary>
/// <remarks>Immutable; swap a new table whole to change severities.</remarks>
public sealed class RuleTable
{
    private static readonly RuleDefinition[] Definitions =
    [
        new(RuleId.NationalCodeMissing, Severity.Error, "国家医保编码缺失", "National code (med_list_codg) missing",
            "未上传国家医保编码（med_list_codg），按双码运行要求不予结算，请补传国家编码"),
        new(RuleId.LocalCodeMissing, Severity.Error, "机构本地编码缺失", "Local code (medins_list_codg) missing",
            "未上传机构本地编码（medins_list_codg），请补传院内项目编码"),
        new(RuleId.NationalCodeMalformed, Severity.Error, "国家医保编码格式错误", "National code malformed",
            "国家医保编码“{0}”格式不正确（{3}），请核对编码"),
        new(RuleId.NationalCodeUnknown, Severity.Error, "国家医保编码不在目录中", "National code not in the catalog version",
            "国家医保编码“{0}”不在医保目录（版本 {1}）中，请核对编码或目录对照"),
        new(RuleId.NationalCodeNotValidOnDate, Severity.Error, "国家医保编码在费用发生日期无效", "National code not valid on the fee date",
            "国家医保编码“{0}”在费用发生日期 {2} 已失效或尚未生效（目录版本 {1}），请核对目录有效期"),
        new(RuleId.MappingUnregistered, Severity.Error, "本地编码未备案对照", "Local code has no approved mapping",
            "院内编码“{0}”未在医保部门备案对照，请先完成目录对照（3301）后再结算"),
        new(RuleId.MappingMismatch, Severity.Error, "本地编码与国家编码对照不一致", "Local code maps to a different national code",
            "院内编码“{0}”备案对照的国家编码为“{3}”，与上传的国家编码不一致，疑似串换项目"),
        new(RuleId.ConsumableCodeMissing, Severity.Error, "单独收费耗材无国家耗材编码", "Separately charged consumable without a national consumable code",
            "单独收费的医用耗材“{0}”未使用有效的国家医保耗材编码（C 码），不予结算"),
        new(RuleId.ConsumableNotSeparatelyChargeable, Severity.Error, "耗材包含在服务项目内不得另收", "Consumable included in a service item charged separately",
            "耗材“{0}”已包含在同次就诊的医疗服务项目“{3}”内涵中，不得另行收费"),
        new(RuleId.PriceOverLimit, Severity.Error, "超标准收费", "Unit price over the cap",
            "单价 {0} 元超过本机构等级的最高限价 {3} 元，请按标准收费"),
        new(RuleId.AmountMismatch, Severity.Error, "金额不符", "Amount is not quantity × price",
            "明细金额 {0} 元与数量×单价（{3} 元）不符"),
        new(RuleId.QuantityInvalid, Severity.Error, "数量无效", "Quantity invalid",
            "数量“{0}”无效：数量必须大于 0，退费冲销须填写原明细流水号（init_feedetl_sn）"),
        new(RuleId.FeeTimeInvalid, Severity.Error, "费用发生时间无效", "Fee time invalid",
            "费用发生时间“{0}”无效，应为 yyyy-MM-dd HH:mm:ss 格式的有效时间"),
        new(RuleId.DuplicateLine, Severity.Error, "明细流水号重复", "Fee detail serial repeated with different content",
            "费用明细流水号“{0}”在本次就诊中已上传过且内容不同，请勿重复使用流水号"),
        new(RuleId.DuplicateCharge, Severity.Error, "重复收费", "Duplicate charge",
            "项目“{0}”与同次就诊的“{3}”不得同时收费（重复收费）"),
        new(RuleId.FrequencyExceeded, Severity.Error, "超频次收费", "Daily frequency exceeded",
            "项目“{0}”当日累计数量 {3} 超过单日上限"),
        new(RuleId.GenderRestricted, Severity.Error, "限性别使用", "Gender-restricted item",
            "项目“{0}”限{3}使用，与患者性别不符"),
        new(RuleId.AgeRestricted, Severity.Error, "限年龄使用", "Age-restricted item",
            "项目“{0}”限 {3} 使用，与患者年龄不符"),
        new(RuleId.RestrictedUseUnapproved, Severity.Warning, "限制使用未审批", "Restricted-use item without hospital approval",
            "项目“{0}”为限定支付范围项目，未标记符合限定条件（hosp_appr_flag），将按自费处理"),
        new(RuleId.SelfPayConsentRequired, Severity.Error, "自费项目未取得患者知情同意", "Self-pay item without patient consent",
            "项目“{0}”为自费或医保不予支付项目，金额超过 {3} 元，须取得患者知情同意"),
        new(RuleId.DoctorCodeMissing, Severity.Error, "开单医师编码缺失", "Ordering doctor code missing",
            "未上传开单医师国家医保医师编码（bilg_dr_codg）"),
        new(RuleId.DoctorCodeMalformed, Severity.Error, "开单医师编码格式错误", "Ordering doctor code malformed",
            "开单医师编码“{0}”格式不正确，应为 D + 12 位数字"),
        new(RuleId.DoctorNotRegistered, Severity.Error, "开单医师未在本机构备案", "Ordering doctor not registered at this institution",
            "开单医师“{0}”未在本机构备案或已失效"),
        new(RuleId.PharmacistCodeMissing, Severity.Error, "审方药师编码缺失", "Reviewing pharmacist code missing",
            "未上传审方药师国家医保药师编码（phar_codg）"),
        new(RuleId.PharmacistNotRegistered, Severity.Error, "审方药师未在本药店备案", "Reviewing pharmacist not registered at this pharmacy",
            "审方药师“{0}”未在本药店备案或已失效"),
        new(RuleId.DiagnosisCodeMalformed, Severity.Error, "诊断编码格式错误", "Diagnosis code malformed",
            "诊断编码“{0}”不符合医保版 ICD-10 编码格式"),
    ];

    private readonly FrozenDictionary<RuleId, RuleDefinition> _byId;
    private readonly Severity[] _severity;

    /// <summary>Creates a table with optional severity overrides (a region profile).</summary>
    public RuleTable(string profile = "national-default", IReadOnlyDictionary<RuleId, Severity>? overrides = null)
    {
        Profile = profile;
        _byId = Definitions.ToFrozenDictionary(d => d.Id);
        _severity = new Severity[Enum.GetValues<RuleId>().Max(v => (int)v) + 1];
        foreach (var d in Definitions)
        {
            _severity[(int)d.Id] = overrides is not null && overrides.TryGetValue(d.Id, out var s) ? s : d.DefaultSeverity;
        }
    }

    /// <summary>The national defaults.</summary>
    public static RuleTable Default { get; } = new();

    /// <summary>Name of the region profile the severities come from.</summary>
    public string Profile { get; }

    /// <summary>Every rule, in proto order.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; } = Definitions;

    /// <summary>The rule's definition.</summary>
    public RuleDefinition this[RuleId id] => _byId[id];

    /// <summary>The severity in force for a rule.</summary>
    public Severity SeverityOf(RuleId id) => _severity[(int)id];
}
