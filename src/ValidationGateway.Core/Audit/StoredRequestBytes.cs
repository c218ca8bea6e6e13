using System.Text;

namespace ValidationGateway.Core.Audit;

/// <summary>The bytes of a received <c>ValidateRequest</c> as the audit trail stores them: the same bytes with
/// <c>visit.psn_no</c> replaced by its keyed hash, written without parsing or serializing the message.</summary>
/// <remarks>
/// <para>Everything else is copied as received, in its order: fields, unknown fields and all. Parsed, the result equals
/// the request as received with <c>visit.psn_no</c> set to the hash, which is what serializing that message would give.
/// A parser merges repeated <c>visit</c> occurrences and keeps the last psn_no, so the last psn_no field becomes the
/// hash and every earlier one is dropped: no psn_no sent survives, and the result is never longer than the request plus
/// one hash (a request of a million empty psn_no fields does not grow a million hashes).</para>
/// <para>The input must be a message that parsed (well formed): the walk trusts its lengths and tags.</para>
/// <para>The varint and skip steps repeat what the transport's wire readers do (<c>ProtobufWire</c>, <c>ProtobufUtf8</c>
/// in ValidationGateway.Grpc), which Core cannot reference. Protobuf's own <see cref="Google.Protobuf.CodedInputStream"/>
/// was tried instead: five reader objects per request, 1.2 KB more allocated per record and a slower rewrite
/// (<c>AuditRecordBenchmarks</c>, ratio 0.73 against 0.44–0.53).</para>
/// </remarks>
internal static class StoredRequestBytes
{
    private const ulong VisitTag = (5 << 3) | 2;  // ValidateRequest.visit, length-delimited
    private const ulong PsnNoTag = (2 << 3) | 2;  // Visit.psn_no, length-delimited

    /// <summary><paramref name="encoded"/> with its last visit.psn_no replaced by <paramref name="psnHash"/> and the
    /// others removed.</summary>
    public static byte[] Rewrite(byte[] encoded, string psnHash)
    {
        var hash = Encoding.UTF8.GetBytes(psnHash);
        var total = 0;
        Walk(encoded, inVisit: false, hash, null, default, ref total); // counts the psn_no fields
        if (total == 0)
        {
            return encoded;
        }

        var seen = 0;
        var output = new byte[Walk(encoded, inVisit: false, hash, total, default, ref seen)];
        seen = 0;
        Walk(encoded, inVisit: false, hash, total, output, ref seen);
        return output;
    }

    // Walks the fields of the request (or, inVisit, of one visit), copying them to output unless it is empty: a visit
    // with its fields rewritten, the request's last psn_no (number psnTotal) as the hash, earlier ones left out. Returns
    // the rewritten size; counts the psn_no fields met in seen. With psnTotal null it only counts.
    private static int Walk(ReadOnlySpan<byte> data, bool inVisit, ReadOnlySpan<byte> hash, int? psnTotal, Span<byte> output, ref int seen)
    {
        var o = 0;
        for (var p = 0; p < data.Length;)
        {
            var start = p;
            var tag = ReadVarint(data, ref p);
            if (!inVisit && tag == VisitTag)
            {
                var length = (int)ReadVarint(data, ref p);
                var visit = data.Slice(p, length);
                p += length;
                var before = seen;
                var visitSize = Walk(visit, inVisit: true, hash, psnTotal, default, ref seen);
                if (!output.IsEmpty)
                {
                    seen = before;
                    output[o] = (byte)tag;
                    var header = 1 + WriteVarint(output[(o + 1)..], (uint)visitSize);
                    Walk(visit, inVisit: true, hash, psnTotal, output[(o + header)..], ref seen);
                }

                o += 1 + VarintLength((uint)visitSize) + visitSize;
                continue;
            }

            Skip(data, ref p, tag);
            if (inVisit && tag == PsnNoTag)
            {
                if (++seen != psnTotal)
                {
                    continue; // an earlier psn_no, which a parser overwrites with the last one (or only counting)
                }

                if (!output.IsEmpty)
                {
                    output[o] = (byte)tag;
                    var length = WriteVarint(output[(o + 1)..], (uint)hash.Length);
                    hash.CopyTo(output[(o + 1 + length)..]);
                }

                o += 1 + VarintLength((uint)hash.Length) + hash.Length;
                continue;
            }

            if (!output.IsEmpty)
            {
                data[start..p].CopyTo(output[o..]);
            }

            o += p - start;
        }

        return o;
    }

    // Moves past the value of a field whose tag has just been read (a group: up to and including its end tag).
    private static void Skip(ReadOnlySpan<byte> data, ref int p, ulong tag)
    {
        switch ((int)(tag & 7))
        {
            case 0:
                ReadVarint(data, ref p);
                break;
            case 1:
                p += 8;
                break;
            case 2:
                var length = (int)ReadVarint(data, ref p);
                p += length;
                break;
            case 3:
                var end = (tag & ~7UL) | 4;
                while (true)
                {
                    var inner = ReadVarint(data, ref p);
                    if (inner == end)
                    {
                        break;
                    }

                    Skip(data, ref p, inner);
                }

                break;
            case 5:
                p += 4;
                break;
            default:
                throw new ArgumentException("Not a well-formed protobuf message.", nameof(data));
        }

        if (p > data.Length)
        {
            throw new ArgumentException("Not a well-formed protobuf message.", nameof(data));
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int p)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (p >= data.Length)
            {
                throw new ArgumentException("Not a well-formed protobuf message.", nameof(data));
            }

            var b = data[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new ArgumentException("Not a well-formed protobuf message.", nameof(data));
    }

    private static int VarintLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int WriteVarint(Span<byte> output, uint value)
    {
        var o = 0;
        while (value >= 0x80)
        {
            output[o++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[o++] = (byte)value;
        return o;
    }
}
