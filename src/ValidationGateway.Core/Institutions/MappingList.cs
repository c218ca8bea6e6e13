namespace ValidationGateway.Core.Institutions;

/// <summary>The mappings of one local code (all validity periods, in store order), read in place from the institution's packed table.</summary>
/// <remarks>A view, valid as long as the <see cref="InstitutionReferenceData"/> it came from; enumerating it allocates nothing.</remarks>
public readonly ref struct MappingList
{
    private readonly MappingTable? _table;
    private readonly int _start;
    private readonly int _end;

    internal MappingList(MappingTable table, int start, int end)
    {
        _table = table;
        _start = start;
        _end = end;
    }

    /// <summary>True when the local code has no mapping.</summary>
    public bool IsEmpty => _start >= _end;

    /// <summary>Number of mappings (walks the records).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var unused in this)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>Returns an enumerator over the mappings.</summary>
    public Enumerator GetEnumerator() => new(_table, _start, _end);

    /// <summary>Walks the packed records of a local code.</summary>
    public ref struct Enumerator
    {
        private readonly MappingTable? _table;
        private readonly int _end;
        private int _next;
        private int _current;

        internal Enumerator(MappingTable? table, int start, int end)
        {
            _table = table;
            _next = start;
            _end = end;
            _current = -1;
        }

        /// <summary>The mapping at the current position.</summary>
        public readonly MappingEntry Current => new(_table!, _current);

        /// <summary>Moves to the next mapping.</summary>
        public bool MoveNext()
        {
            if (_next >= _end)
            {
                return false;
            }

            _current = _next;
            _next += MappingTable.RecordLength(_table!.Data, _current);
            return true;
        }
    }
}
