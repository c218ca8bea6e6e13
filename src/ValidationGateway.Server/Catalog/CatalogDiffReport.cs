using System.Globalization;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Server.Catalog;

/// <summary>The result of <see cref="CatalogDiff"/>, printable for an operator.</summary>
internal sealed record CatalogDiffReport(string From, string To, IReadOnlyList<CatalogKindDiff> Kinds)
{
    public long Added => Kinds.Sum(k => k.Added);

    public long Removed => Kinds.Sum(k => k.Removed);

    public long Changed => Kinds.Sum(k => k.Changed);

    public CatalogKindDiff? Of(CatalogItemKind kind) => Kinds.FirstOrDefault(k => k.Kind == kind);

    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return $"catalog diff {From} → {To}";
        yield return string.Create(c, $"{"kind",-11} {"added",10} {"removed",10} {"changed",10} {"unchanged",12}  changed fields");
        foreach (var kind in Kinds)
        {
            var fields = string.Join(", ", kind.ChangedFields.Select(f => string.Create(c, $"{FieldName(f.Key)} {f.Value:N0}")));
            yield return string.Create(c, $"{kind.Kind.ToName(),-11} {kind.Added,10:N0} {kind.Removed,10:N0} {kind.Changed,10:N0} {kind.Unchanged,12:N0}  {fields}");
        }

        yield return string.Create(c, $"{"total",-11} {Added,10:N0} {Removed,10:N0} {Changed,10:N0}");
        foreach (var kind in Kinds)
        {
            foreach (var (label, examples, total) in new[] { ("added", kind.AddedExamples, kind.Added), ("removed", kind.RemovedExamples, kind.Removed), ("changed", kind.ChangedExamples, kind.Changed) })
            {
                if (examples.Count == 0)
                {
                    continue;
                }

                yield return string.Create(c, $"{kind.Kind.ToName()} {label} (first {examples.Count:N0} of {total:N0}):");
                foreach (var example in examples)
                {
                    yield return "  " + example.Describe();
                }
            }
        }
    }

    public static string FieldName(CatalogFields field) => field switch
    {
        CatalogFields.Name => "name",
        CatalogFields.Dates => "enddate",
        CatalogFields.ValiFlag => "vali_flag",
        CatalogFields.ChargeLevel => "chrgitm_lv",
        CatalogFields.Restricted => "lmt_used_flag",
        CatalogFields.Caps => "price caps",
        _ => field.ToString(),
    };
}
