using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Core.Rules;

/// <summary>Checks every line of a charge batch and records findings: codes, mappings, consumables, prices, amounts,
/// practitioners, the rule library's knowledge points and the cross-batch rules.</summary>
/// <remarks>
/// Stateless and thread-safe itself: per-batch state lives in the caller's <see cref="BatchOutcome"/>, cross-batch
/// state in the <see cref="InstitutionMemory"/> the caller owns (inside the institution actor's mailbox).
/// Expected outcomes are findings, never exceptions; a clean line allocates nothing.
/// </remarks>
public sealed class BatchValidator
{
    private readonly CodeFormatProfile _codes;
    private readonly RuleTable _rules;
    private readonly RuleOptions _options;

    /// <summary>Creates a validator for a code profile, rule table and region thresholds.</summary>
    public BatchValidator(CodeFormatProfile codes, RuleTable rules, RuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(rules);
        _codes = codes;
        _rules = rules;
        _options = options ?? new RuleOptions();
    }

    /// <summary>The rule table in force.</summary>
    public RuleTable Rules => _rules;

    /// <summary>The code shapes in force.</summary>
    public CodeFormatProfile Codes => _codes;

    /// <summary>Validates <paramref name="request"/> into <paramref name="outcome"/> (which is reset first).</summary>
    /// <param name="request">The batch.</param>
    /// <param name="snapshot">The catalog version's tables and knowledge points.</param>
    /// <param name="reference">The institution's registration, mappings and practitioners.</param>
    /// <param name="memory">Cross-batch memory of the institution; null to judge the batch alone.</param>
    /// <param name="outcome">Receives findings and per-line results.</param>
    public void Validate(ValidateRequest request, CatalogSnapshot snapshot, InstitutionReferenceData reference, InstitutionMemory? memory, BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(outcome);

        var lines = request.FeeDetails;
        outcome.Reset(lines.Count);
        var context = new BatchContext(request, reference, _options);
        ValidateVisit(context, outcome);

        memory?.Expire();
        InstitutionMemory.Visit? visit = memory is not null && context.Visit.MdtrtId.Length > 0 ? memory.GetVisit(context.Visit.MdtrtId) : null;
        for (var i = 0; i < lines.Count; i++)
        {
            ValidateLine(i, lines[i], snapshot, context, memory, visit, outcome);
        }
    }

    private void ValidateVisit(in BatchContext context, BatchOutcome outcome)
    {
        var visit = context.Visit;
        for (var k = 0; k < visit.DiagCodes.Count; k++)
        {
            if (!_codes.IsWellFormed(CodeFamily.Diagnosis, visit.DiagCodes[k]))
            {
                outcome.Add(new FindingRecord(RuleId.DiagnosisCodeMalformed, _rules.SeverityOf(RuleId.DiagnosisCodeMalformed), -1, FindingField.VisitDiagCodes, k, visit.DiagCodes[k], null));
            }
        }

        var disease = visit.DiseCodg;
        if (disease.Length > 0 && !_codes.IsWellFormed(CodeFamily.Diagnosis, disease) && !_codes.IsWellFormed(CodeFamily.ChronicDisease, disease))
        {
            AddBatch(outcome, RuleId.DiagnosisCodeMalformed, FindingField.VisitDiseCodg, disease);
        }

        if (context.Scene == Scene.Pharmacy && context.CheckPractitioners)
        {
            if (visit.PharCodg.Length == 0)
            {
                AddBatch(outcome, RuleId.PharmacistCodeMissing, FindingField.VisitPharCodg, null);
            }
            else if (!context.Reference.IsRegisteredPharmacist(visit.PharCodg))
            {
                AddBatch(outcome, RuleId.PharmacistNotRegistered, FindingField.VisitPharCodg, visit.PharCodg);
            }
        }
    }

    private void ValidateLine(int index, FeeDetail line, CatalogSnapshot snapshot, in BatchContext context, InstitutionMemory? memory, InstitutionMemory.Visit? visit, BatchOutcome outcome)
    {
        int? day = FeeTime.TryParse(line.FeeOcurTime, out var feeTime) ? DateOnly.FromDateTime(feeTime).DayNumber : null;
        if (day is null)
        {
            Add(outcome, RuleId.FeeTimeInvalid, index, FindingField.FeeOcurTime, line.FeeOcurTime);
        }

        var local = line.MedinsListCodg;
        if (local.Length == 0)
        {
            Add(outcome, RuleId.LocalCodeMissing, index, FindingField.MedinsListCodg, null);
        }

        var code = line.MedListCodg;
        var itemType = ItemTypeOf(line, context.Reference, local, code, day);
        var amounts = CheckAmounts(index, line, outcome);
        CheckDoctor(index, line, context, outcome);

        if (code.Length == 0)
        {
            // The consumable message names the item by its local code, the only code the line has.
            Add(outcome, itemType == ItemType.Consumable ? RuleId.ConsumableCodeMissing : RuleId.NationalCodeMissing, index, FindingField.MedListCodg,
                itemType == ItemType.Consumable ? local : null);
            return;
        }

        if (itemType == ItemType.Consumable && _codes.DetectListFamily(code) != CodeFamily.Consumable)
        {
            // A separately charged consumable carrying a drug or service code has no national consumable code: not settled.
            Add(outcome, RuleId.ConsumableCodeMissing, index, FindingField.MedListCodg, code);
        }

        CatalogItemView item;
        var rowKnown = true;
        if (day is { } d)
        {
            switch (snapshot.Lookup(code, DateOnly.FromDayNumber(d), out item))
            {
                case CatalogLookupResult.NotFound:
                    AddNotFound(outcome, index, code);
                    return;
                case CatalogLookupResult.NotValidOnDate:
                    Add(outcome, RuleId.NationalCodeNotValidOnDate, index, FindingField.MedListCodg, code);
                    return;
            }
        }
        else if (!snapshot.TryGetAny(code, out item, out rowKnown))
        {
            // Without a fee date only membership can be judged; the date rules wait for a valid time.
            AddNotFound(outcome, index, code);
            return;
        }

        ref var result = ref outcome.Line(index);
        result.HasValidNationalCode = day is not null;
        // A code with several rows (its class, caps or restriction changed over time) and no fee date: which row
        // applies is unknown, so the checks that read the row (price cap, restricted use, self-pay consent) wait for a
        // valid time like the date rules, instead of judging the line by a row that may not be in force.
        result.ChargeLevel = rowKnown ? item.ChargeLevel : "";

        CheckMapping(index, local, code, day, context, outcome);
        if (rowKnown)
        {
            CheckPrice(index, item, amounts, context, ref result, outcome);
            if (item.RestrictedUse && line.HospApprFlag != "1")
            {
                Add(outcome, RuleId.RestrictedUseUnapproved, index, FindingField.HospApprFlag, code);
            }
        }

        CheckPatient(index, code, day, snapshot.Knowledge, context, outcome);
        CheckCrossBatch(index, line, code, rowKnown && item.ChargeLevel == "03", day, amounts, snapshot.Knowledge, context, memory, visit, outcome);
    }

    private ItemType ItemTypeOf(FeeDetail line, InstitutionReferenceData reference, string local, string code, int? day)
    {
        // The request's own declaration first, then the approved mapping, then the code's family (DESIGN.md §3).
        if (line.ItemType != ItemType.Unspecified)
        {
            return line.ItemType;
        }

        if (local.Length > 0)
        {
            foreach (var mapping in reference.MappingsOf(local))
            {
                if (mapping.AppliesOn(day) && mapping.EffectiveItemType(_codes) is var mapped and not ItemType.Unspecified)
                {
                    return mapped;
                }
            }
        }

        return code.Length > 0 ? _codes.ItemTypeOf(_codes.DetectListFamily(code)) : ItemType.Unspecified;
    }

    private Amounts CheckAmounts(int index, FeeDetail line, BatchOutcome outcome)
    {
        // Lines that carry no amounts at all are judged on their codes only; once any amount is sent, all must add up.
        if (line.Cnt.Length == 0 && line.Pric.Length == 0 && line.DetItemFeeSumamt.Length == 0)
        {
            return default;
        }

        var hasCount = DecimalText.TryParse(line.Cnt, out var count);
        if (!hasCount || count == 0 || (count < 0 && line.InitFeedetlSn.Length == 0))
        {
            Add(outcome, RuleId.QuantityInvalid, index, FindingField.Cnt, line.Cnt);
            hasCount = hasCount && count != 0;
        }

        var hasPrice = DecimalText.TryParse(line.Pric, out var price) && price >= 0;
        if (!hasPrice)
        {
            Add(outcome, RuleId.AmountMismatch, index, FindingField.Pric, line.Pric, "单价无效");
        }

        var hasAmount = DecimalText.TryParse(line.DetItemFeeSumamt, out var amount);
        if (!hasAmount)
        {
            Add(outcome, RuleId.AmountMismatch, index, FindingField.DetItemFeeSumamt, line.DetItemFeeSumamt, "金额无效");
        }
        else if (hasCount && hasPrice)
        {
            var expected = decimal.Round(count * price, 2, MidpointRounding.AwayFromZero);
            if (Math.Abs(amount - expected) > _options.AmountTolerance)
            {
                Add(outcome, RuleId.AmountMismatch, index, FindingField.DetItemFeeSumamt, line.DetItemFeeSumamt, expected.ToString("0.00", CultureInfo.InvariantCulture));
            }
        }

        return new Amounts(hasCount, count, hasPrice, price, hasAmount, amount);
    }

    private void CheckDoctor(int index, FeeDetail line, in BatchContext context, BatchOutcome outcome)
    {
        if (context.Scene == Scene.Pharmacy || !context.CheckPractitioners)
        {
            return;
        }

        var doctor = line.BilgDrCodg;
        if (doctor.Length == 0)
        {
            Add(outcome, RuleId.DoctorCodeMissing, index, FindingField.BilgDrCodg, null);
        }
        else if (context.Reference.IsRegisteredDoctor(doctor))
        {
            // The common case first: a registered doctor needs no shape check (a set lookup, not a regex, per line).
        }
        else if (!_codes.IsWellFormed(CodeFamily.Doctor, doctor))
        {
            Add(outcome, RuleId.DoctorCodeMalformed, index, FindingField.BilgDrCodg, doctor);
        }
        else
        {
            Add(outcome, RuleId.DoctorNotRegistered, index, FindingField.BilgDrCodg, doctor);
        }
    }

    private void CheckMapping(int index, string local, string code, int? day, in BatchContext context, BatchOutcome outcome)
    {
        if (!context.CheckMappings || local.Length == 0)
        {
            return;
        }

        // The approved code is decoded to a string only for the finding that names it.
        MappingEntry mappedTo = default;
        var mapped = false;
        foreach (var mapping in context.Reference.MappingsOf(local))
        {
            if (mapping.AppliesOn(day))
            {
                if (mapping.NationalCodeEquals(code))
                {
                    return;
                }

                if (!mapped)
                {
                    mappedTo = mapping;
                    mapped = true;
                }
            }
        }

        if (!mapped)
        {
            Add(outcome, RuleId.MappingUnregistered, index, FindingField.MedinsListCodg, local);
        }
        else
        {
            Add(outcome, RuleId.MappingMismatch, index, FindingField.MedListCodg, local, mappedTo.NationalCode);
        }
    }

    private void CheckPrice(int index, CatalogItemView item, in Amounts amounts, in BatchContext context, ref LineOutcome result, BatchOutcome outcome)
    {
        if (item.Prices.ForLevel(context.Reference.Institution.Level) is not { } cap)
        {
            return;
        }

        result.PriceCap = cap;
        if (amounts.HasPrice && amounts.Price > cap)
        {
            var quantity = amounts.HasCount ? Math.Abs(amounts.Count) : 1m;
            result.OverLimitAmount = decimal.Round((amounts.Price - cap) * quantity, 2, MidpointRounding.AwayFromZero);
            Add(outcome, RuleId.PriceOverLimit, index, FindingField.Pric, Format(amounts.Price), Format(cap));
        }
    }

    private void CheckPatient(int index, string code, int? day, KnowledgeBase knowledge, in BatchContext context, BatchOutcome outcome)
    {
        var gender = knowledge.GenderOf(code);
        if (gender != 0 && context.Gender != 0 && gender != context.Gender)
        {
            Add(outcome, RuleId.GenderRestricted, index, FindingField.MedListCodg, code, gender == 1 ? "男性" : "女性");
        }

        if (day is { } d && context.BirthDay is { } birth && knowledge.TryGetAgeRange(code, out var range))
        {
            var age = AgeOn(birth, DateOnly.FromDayNumber(d));
            if ((range.Min is { } min && age < min) || (range.Max is { } max && age > max))
            {
                Add(outcome, RuleId.AgeRestricted, index, FindingField.MedListCodg, code, DescribeAgeRange(range.Min, range.Max));
            }
        }
    }

    private void CheckCrossBatch(int index, FeeDetail line, string code, bool selfPay, int? day, in Amounts amounts, KnowledgeBase knowledge, in BatchContext context,
        InstitutionMemory? memory, InstitutionMemory.Visit? visit, BatchOutcome outcome)
    {
        var sn = line.FeedetlSn;
        var hash = 0;
        var retransmitted = false;
        if (visit is { } remembered && sn.Length > 0)
        {
            hash = HashCode.Combine(code, line.MedinsListCodg, line.Cnt, line.Pric, line.DetItemFeeSumamt, line.FeeOcurTime, line.InitFeedetlSn);
            if (remembered.TryGetLine(sn, out var seen))
            {
                if (seen != hash)
                {
                    Add(outcome, RuleId.DuplicateLine, index, FindingField.FeedetlSn, sn);
                }

                // The same line sent again (a retry) is answered alike but counted once.
                retransmitted = seen == hash;
            }
        }

        if (selfPay && !line.SelfPayConsent)
        {
            var threshold = _options.SelfPayConsentThreshold;
            var visitTotal = (visit?.SelfPayTotal ?? 0m) + (retransmitted ? 0m : amounts.Amount);
            if ((amounts.HasPrice && amounts.Price > threshold) || (amounts.HasAmount && visitTotal > threshold))
            {
                Add(outcome, RuleId.SelfPayConsentRequired, index, FindingField.SelfPayConsent, code, Format(threshold));
            }
        }

        if (retransmitted)
        {
            return;
        }

        if (visit is { } charged)
        {
            foreach (var other in knowledge.ExcludedWith(code))
            {
                if (charged.HasCharged(other))
                {
                    Add(outcome, RuleId.DuplicateCharge, index, FindingField.MedListCodg, code, other);
                    break;
                }
            }

            CheckIncluded(index, code, charged, knowledge.ServicesIncluding(code), outcome);
            CheckIncluded(index, code, charged, knowledge.ConsumablesIncludedIn(code), outcome);
        }

        InstitutionMemory.PatientDay? patientDay = null;
        if (memory is not null && day is { } d && context.Visit.PsnNo.Length > 0 && amounts.HasCount && knowledge.TryGetMaxPerDay(code, out var maxPerDay))
        {
            var quantities = memory.GetPatientDay(context.Visit.PsnNo, d);
            patientDay = quantities;
            var total = quantities.QuantityOf(code) + amounts.Count;
            if (total > maxPerDay)
            {
                Add(outcome, RuleId.FrequencyExceeded, index, FindingField.Cnt, code, Format(total));
            }
        }

        // Only what would be settled is remembered: a rejected line is neither a charge nor a quantity.
        if (outcome.Line(index).Verdict == Verdict.Reject)
        {
            return;
        }

        if (visit is { } accepted)
        {
            if (sn.Length > 0)
            {
                accepted.SetLine(sn, hash);
            }

            accepted.AddCharge(code);
            if (selfPay && amounts.HasAmount)
            {
                accepted.AddSelfPay(amounts.Amount);
            }
        }

        patientDay?.AddQuantity(code, amounts.Count);
    }

    private void CheckIncluded(int index, string code, in InstitutionMemory.Visit visit, ReadOnlySpan<string> partners, BatchOutcome outcome)
    {
        foreach (var other in partners)
        {
            if (visit.HasCharged(other))
            {
                Add(outcome, RuleId.ConsumableNotSeparatelyChargeable, index, FindingField.MedListCodg, code, other);
                return;
            }
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

    /// <summary>Age in whole years on <paramref name="on"/>.</summary>
    internal static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) ? age - 1 : age;
    }

    private static string DescribeAgeRange(int? min, int? max) => (min, max) switch
    {
        ({ } a, { } b) => string.Create(CultureInfo.InvariantCulture, $"{a}–{b} 岁"),
        ({ } a, null) => string.Create(CultureInfo.InvariantCulture, $"{a} 岁及以上"),
        (null, { } b) => string.Create(CultureInfo.InvariantCulture, $"{b} 岁及以下"),
        _ => "",
    };

    private static string Format(decimal value) => value.ToString("0.00####", CultureInfo.InvariantCulture);

    private void Add(BatchOutcome outcome, RuleId rule, int line, FindingField field, string? value, string? detail = null) =>
        outcome.Add(new FindingRecord(rule, _rules.SeverityOf(rule), line, field, 0, value, detail));

    private void AddBatch(BatchOutcome outcome, RuleId rule, FindingField field, string? value) =>
        outcome.Add(new FindingRecord(rule, _rules.SeverityOf(rule), -1, field, 0, value, null));

    /// <summary>Parsed amounts of one line; flags say which parsed.</summary>
    private readonly record struct Amounts(bool HasCount, decimal Count, bool HasPrice, decimal Price, bool HasAmount, decimal Amount);

    /// <summary>What every line of a batch shares.</summary>
    private readonly struct BatchContext
    {
        public BatchContext(ValidateRequest request, InstitutionReferenceData reference, RuleOptions options)
        {
            Reference = reference;
            Visit = request.Visit ?? EmptyVisit;
            Scene = request.Scene != Scene.Unspecified ? request.Scene
                : reference.Institution.Type == InstitutionType.Pharmacy ? Scene.Pharmacy : Scene.Outpatient;
            Gender = Visit.Gend switch { "1" => (byte)1, "2" => (byte)2, _ => (byte)0 };
            BirthDay = FeeTime.TryParseDate(Visit.Brdy, out var birth) ? birth : null;
            CheckMappings = reference.MappingCount > 0 || options.EnforceMappingsWithoutTable;
            CheckPractitioners = reference.PractitionerCount > 0 || options.EnforcePractitionersWithoutRegistry;
        }

        public InstitutionReferenceData Reference { get; }

        public Visit Visit { get; }

        public Scene Scene { get; }

        public byte Gender { get; }

        public DateOnly? BirthDay { get; }

        public bool CheckMappings { get; }

        public bool CheckPractitioners { get; }
    }

    private static readonly Visit EmptyVisit = new();
}
