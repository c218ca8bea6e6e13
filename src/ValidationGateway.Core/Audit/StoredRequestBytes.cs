using System.Text;

namespace ValidationGateway.Core.Audit;

/// <summary>The bytes of a received <c>ValidateRequest</c> as the audit trail stores them: the same bytes with every
/// <c>visit.psn_no</c> value replaced by its keyed hash, written without parsing or serializing the message.</summary>
/// <remarks>
/// <para>Everything else is copied as received, in its order: fields, unknown fields and all. Parsed, the result equals
/// the request as received with <c>visit.psn_no</c> set to the hash, which is what serializing that message would give.
/// Every occurrence is replaced, so a psn_no in an earlier <c>visit</c> occurrence (which parsing merges and the last
/// value wins) does not survive in the stored bytes either.</para>
/// <para>The input must be a message that parsed (well formed): the walk trusts its lengths and tags.</para>
/// </remarks>
internal static class StoredRequestBytes
{
    private const int VisitField = 5;      // ValidateRequest.visit
    private const int PsnNoField = 2;      // Visit.psn_no
    private const int LengthDelimited = 2;

    /// <summary><paramref name="encoded"/> with every visit.psn_no replaced by <paramref name="psnHash"/>.</summary>
    public static byte[] Rewrite(byte[] encoded, string psnHash)
    {
        var hash = Encoding.UTF8.GetBytes(psnHash);
        var hashField = 1 + VarintLength((uint)hash.Length) + hash.Length;

        // First pass: the size of the result (visits change length by the psn_no fields they hold).
        var size = 0L;
        var any = false;
        for (var p = 0; p < encoded.Length;)
        {
            var start = p;
            var tag = ReadVarint(encoded, ref p);
            if (tag == ((VisitField << 3) | LengthDelimited))
            {
                var length = (int)ReadVarint(encoded, ref p);
                var visitSize = VisitSize(encoded.AsSpan(p, length), hashField, ref any);
                size += 1 + VarintLength((uint)visitSize) + visitSize;
                p += length;
            }
            else
            {
                Skip(encoded, ref p, tag);
                size += p - start;
            }
        }

        if (!any)
        {
            return encoded;
        }

        // Second pass: copy, rewriting the visits.
        var output = new byte[size];
        var o = 0;
        for (var p = 0; p < encoded.Length;)
        {
            var start = p;
            var tag = ReadVarint(encoded, ref p);
            if (tag == ((VisitField << 3) | LengthDelimited))
            {
                var length = (int)ReadVarint(encoded, ref p);
                var visit = encoded.AsSpan(p, length);
                var ignored = false;
                var visitSize = VisitSize(visit, hashField, ref ignored);
                output[o++] = (byte)tag;
                o += WriteVarint(output.AsSpan(o), (uint)visitSize);
                o += WriteVisit(visit, hash, output.AsSpan(o));
                p += length;
            }
            else
            {
                Skip(encoded, ref p, tag);
                encoded.AsSpan(start, p - start).CopyTo(output.AsSpan(o));
                o += p - start;
            }
        }

        return output;
    }

    private static int VisitSize(ReadOnlySpan<byte> visit, int hashField, ref bool any)
    {
        var size = 0;
        for (var p = 0; p < visit.Length;)
        {
            var start = p;
            var tag = ReadVarint(visit, ref p);
            Skip(visit, ref p, tag);
            if (tag == ((PsnNoField << 3) | LengthDelimited))
            {
                size += hashField;
                any = true;
            }
            else
            {
                size += p - start;
            }
        }

        return size;
    }

    private static int WriteVisit(ReadOnlySpan<byte> visit, ReadOnlySpan<byte> hash, Span<byte> output)
    {
        var o = 0;
        for (var p = 0; p < visit.Length;)
        {
            var start = p;
            var tag = ReadVarint(visit, ref p);
            Skip(visit, ref p, tag);
            if (tag == ((PsnNoField << 3) | LengthDelimited))
            {
                output[o++] = (byte)tag;
                o += WriteVarint(output[o..], (uint)hash.Length);
                hash.CopyTo(output[o..]);
                o += hash.Length;
            }
            else
            {
                visit[start..p].CopyTo(output[o..]);
                o += p - start;
            }
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
