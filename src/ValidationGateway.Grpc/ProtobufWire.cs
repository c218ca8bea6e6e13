using System.Buffers;

namespace ValidationGateway.Grpc;

/// <summary>Reads the protobuf wire format without parsing a message.</summary>
public static class ProtobufWire
{
    /// <summary>How many length-delimited values of top-level field <paramref name="fieldNumber"/> an encoded message
    /// holds: the elements of a repeated message field (a value of another wire type under that number is an unknown
    /// field to the parser, and is not counted). Skips every value without decoding it and allocates nothing; counts
    /// only whole values and stops at the first malformed one, leaving that to the parser.</summary>
    public static int CountField(in ReadOnlySequence<byte> message, int fieldNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fieldNumber);
        var reader = new SequenceReader<byte>(message);
        var count = 0;
        var groups = 0; // open groups (deprecated wire types 3 and 4): their fields are not top-level
        while (TryReadVarint(ref reader, out var tag))
        {
            var counted = groups == 0 && tag == ((ulong)fieldNumber << 3 | 2);
            var skipped = (int)(tag & 7) switch
            {
                0 => TryReadVarint(ref reader, out _),
                1 => TryAdvance(ref reader, 8),
                2 => TryReadVarint(ref reader, out var length) && TryAdvance(ref reader, length),
                3 => ++groups > 0,
                4 => groups-- > 0,
                5 => TryAdvance(ref reader, 4),
                _ => false,
            };
            if (!skipped)
            {
                break;
            }

            if (counted)
            {
                count++;
            }
        }

        return count;
    }

    private static bool TryAdvance(ref SequenceReader<byte> reader, ulong count)
    {
        if (count > (ulong)reader.Remaining)
        {
            return false;
        }

        reader.Advance((long)count);
        return true;
    }

    private static bool TryReadVarint(ref SequenceReader<byte> reader, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
