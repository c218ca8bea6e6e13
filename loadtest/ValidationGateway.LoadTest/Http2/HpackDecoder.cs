using System.Text;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>Decodes the header blocks of one HTTP/2 connection (RFC 7541): static and dynamic table, integers, string
/// literals plain or Huffman-coded, dynamic table size updates.</summary>
/// <remarks>Not thread-safe: the connection's reader thread decodes every block, in the order they arrive, as the
/// dynamic table requires. Header names and values are decoded as Latin-1 (HTTP/2 field values are octets; gRPC
/// percent-encodes anything else).</remarks>
internal sealed class HpackDecoder
{
    /// <summary>The table size this side allows (SETTINGS_HEADER_TABLE_SIZE, default 4,096 octets).</summary>
    public const int MaxTableSize = 4096;

    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""),
        ("etag", ""), ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""),
        ("if-modified-since", ""), ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""),
        ("last-modified", ""), ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
        ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""), ("retry-after", ""),
        ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""), ("transfer-encoding", ""),
        ("user-agent", ""), ("vary", ""), ("via", ""), ("www-authenticate", ""),
    ];

    // Newest entry first, as HPACK indexes them (index 62 is the newest).
    private readonly LinkedList<(string Name, string Value)> _dynamic = new();
    private readonly List<byte> _huffman = new(64);
    private int _tableSize;
    private int _maxSize = MaxTableSize;

    /// <summary>Octets the dynamic table holds now (RFC 7541 §4.1: each entry 32 + name + value).</summary>
    public int TableSize => _tableSize;

    /// <summary>Decodes one complete header block, calling <paramref name="onHeader"/> for each field in order.</summary>
    /// <exception cref="HpackException">The block is malformed (a COMPRESSION_ERROR of the connection).</exception>
    public void Decode(ReadOnlySpan<byte> block, Action<string, string> onHeader)
    {
        var position = 0;
        var fieldSeen = false;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                // Indexed field.
                var (name, value) = Entry(ReadInteger(block, ref position, 7));
                onHeader(name, value);
                fieldSeen = true;
            }
            else if ((first & 0x40) != 0)
            {
                // Literal with incremental indexing.
                var (name, value) = ReadLiteral(block, ref position, 6);
                Add(name, value);
                onHeader(name, value);
                fieldSeen = true;
            }
            else if ((first & 0x20) != 0)
            {
                // Dynamic table size update: only before the first field of a block (RFC 7541 §4.2).
                var size = ReadInteger(block, ref position, 5);
                if (fieldSeen || size > MaxTableSize)
                {
                    throw new HpackException($"a dynamic table size update to {size} is not allowed here");
                }

                _maxSize = size;
                Evict(0);
            }
            else
            {
                // Literal without indexing (0000) or never indexed (0001): the same on the decoding side.
                var (name, value) = ReadLiteral(block, ref position, 4);
                onHeader(name, value);
                fieldSeen = true;
            }
        }
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index >= 1 && index <= StaticTable.Length)
        {
            return StaticTable[index - 1];
        }

        var dynamicIndex = index - StaticTable.Length - 1;
        if (index < 1 || dynamicIndex >= _dynamic.Count)
        {
            throw new HpackException($"header table index {index} does not exist");
        }

        var node = _dynamic.First!;
        for (var i = 0; i < dynamicIndex; i++)
        {
            node = node.Next!;
        }

        return node.Value;
    }

    private (string Name, string Value) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var index = ReadInteger(block, ref position, prefixBits);
        var name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new HpackException("a string literal is cut short");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackException("a string literal is longer than its header block");
        }

        var octets = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            return Encoding.Latin1.GetString(octets);
        }

        _huffman.Clear();
        if (!HpackHuffman.TryDecode(octets, _huffman))
        {
            throw new HpackException("a Huffman-coded string literal is malformed");
        }

        return Encoding.Latin1.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_huffman));
    }

    /// <summary>An integer with an N-bit prefix (RFC 7541 §5.1), at most 2^28 here.</summary>
    internal static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        if (position >= block.Length)
        {
            throw new HpackException("an integer is cut short");
        }

        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        for (var shift = 0; shift <= 21; shift += 7)
        {
            if (position >= block.Length)
            {
                throw new HpackException("an integer is cut short");
            }

            var b = block[position++];
            value += (b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new HpackException("an integer is too large");
    }

    private void Add(string name, string value)
    {
        var size = 32 + name.Length + value.Length;
        if (size > _maxSize)
        {
            // An entry larger than the table empties it and is not added (RFC 7541 §4.4).
            _dynamic.Clear();
            _tableSize = 0;
            return;
        }

        Evict(size);
        _dynamic.AddFirst((name, value));
        _tableSize += size;
    }

    /// <summary>Evicts the oldest entries until <paramref name="room"/> more octets fit.</summary>
    private void Evict(int room)
    {
        while (_tableSize + room > _maxSize && _dynamic.Last is { } oldest)
        {
            _tableSize -= 32 + oldest.Value.Name.Length + oldest.Value.Value.Length;
            _dynamic.RemoveLast();
        }
    }
}
