using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;

namespace ValidationGateway.Core.Institutions;

/// <summary>One local-to-national mapping, read in place from an institution's packed table (<see cref="InstitutionReferenceData.MappingsOf"/>).</summary>
/// <remarks>A position in an immutable table: copying it is cheap and reading it allocates nothing, except <see cref="NationalCode"/>.</remarks>
public readonly struct MappingEntry
{
    private readonly MappingTable _table;
    private readonly int _offset;

    internal MappingEntry(MappingTable table, int offset)
    {
        _table = table;
        _offset = offset;
    }

    /// <summary>The national code the local code maps to, as a new string: for messages; compare with <see cref="NationalCodeEquals"/>.</summary>
    public string NationalCode
    {
        get
        {
            var data = _table.Data;
            if ((data[_offset] & MappingTable.RawNationalFlag) != 0)
            {
                return _table.RawNational(MappingTable.ReadDay(data, _offset + 2));
            }

            Span<char> chars = stackalloc char[CatalogKeyCodec.MaxChars];
            return new string(chars[..CatalogKeyCodec.Decode(NationalKey(data), chars)]);
        }
    }

    /// <summary>Item type declared with the mapping.</summary>
    public ItemType ItemType => (ItemType)(_table.Data[_offset] & MappingTable.TypeMask);

    /// <summary>First day (DateOnly.DayNumber); int.MinValue when open.</summary>
    public int BeginDay
    {
        get
        {
            var data = _table.Data;
            return (data[_offset] & MappingTable.DatesFlag) != 0 ? MappingTable.ReadDay(data, _offset + 2 + data[_offset + 1]) : int.MinValue;
        }
    }

    /// <summary>Last day (DateOnly.DayNumber); int.MaxValue when open.</summary>
    public int EndDay
    {
        get
        {
            var data = _table.Data;
            return (data[_offset] & MappingTable.DatesFlag) != 0 ? MappingTable.ReadDay(data, _offset + 6 + data[_offset + 1]) : int.MaxValue;
        }
    }

    /// <summary>True when the national code is exactly <paramref name="code"/> (ordinal), compared without decoding.</summary>
    public bool NationalCodeEquals(ReadOnlySpan<char> code)
    {
        var data = _table.Data;
        return (data[_offset] & MappingTable.RawNationalFlag) != 0
            ? code.SequenceEqual(_table.RawNational(MappingTable.ReadDay(data, _offset + 2)))
            : CatalogKeyCodec.EqualsChars(NationalKey(data), code);
    }

    /// <summary>The declared item type, else the one the national code's family implies (worked out when the data was loaded).</summary>
    public ItemType EffectiveItemType(CodeFormatProfile codes)
    {
        var effective = (_table.Data[_offset] >> MappingTable.EffectiveShift) & MappingTable.TypeMask;
        if (effective != MappingTable.EffectiveUnknown)
        {
            return (ItemType)effective;
        }

        // Only for data loaded without a code profile (tests): decoded into a stack buffer, no allocation.
        ArgumentNullException.ThrowIfNull(codes);
        var data = _table.Data;
        if ((data[_offset] & MappingTable.RawNationalFlag) != 0)
        {
            return codes.ItemTypeOf(codes.DetectListFamily(_table.RawNational(MappingTable.ReadDay(data, _offset + 2))));
        }

        Span<char> chars = stackalloc char[CatalogKeyCodec.MaxChars];
        return codes.ItemTypeOf(codes.DetectListFamily(chars[..CatalogKeyCodec.Decode(NationalKey(data), chars)]));
    }

    /// <summary>True when the mapping applies on a day; with no known day every period applies.</summary>
    public bool AppliesOn(int? day)
    {
        if (day is not { } d)
        {
            return true;
        }

        var data = _table.Data;
        if ((data[_offset] & MappingTable.DatesFlag) == 0)
        {
            return true;
        }

        var at = _offset + 2 + data[_offset + 1];
        return d >= MappingTable.ReadDay(data, at) && d <= MappingTable.ReadDay(data, at + 4);
    }

    private ReadOnlySpan<byte> NationalKey(byte[] data) => data.AsSpan(_offset + 2, data[_offset + 1]);
}
