using System.Text.Unicode;
using Google.Protobuf.Reflection;

namespace ValidationGateway.Grpc;

/// <summary>Checks that every string field of an encoded message holds UTF-8, as proto3 requires.</summary>
/// <remarks>
/// Google.Protobuf (3.25) decodes invalid UTF-8 leniently, turning each bad sequence into U+FFFD, so two different
/// request ids or codes could arrive as the same string. Runs on bytes the parser has already accepted; allocates nothing.
/// </remarks>
internal static class ProtobufUtf8
{
    // The parser's own default recursion limit; deeper messages were rejected before we get here.
    private const int MaxDepth = 100;

    /// <summary>False when a string field at any depth of known message fields is not valid UTF-8.</summary>
    public static bool StringsAreValid(ReadOnlySpan<byte> data, MessageDescriptor descriptor) => Check(data, descriptor, 0);

    private static bool Check(ReadOnlySpan<byte> data, MessageDescriptor descriptor, int depth)
    {
        var position = 0;
        while (position < data.Length)
        {
            if (!TryReadVarint(data, ref position, out var tag))
            {
                return true;
            }

            var wireType = (int)(tag & 7);
            if (wireType != 2)
            {
                if (!TrySkip(data, ref position, tag))
                {
                    return true;
                }

                continue;
            }

            if (!TryReadVarint(data, ref position, out var length) || length > (ulong)(data.Length - position))
            {
                return true;
            }

            var value = data.Slice(position, (int)length);
            position += (int)length;
            var field = tag >> 3 <= int.MaxValue ? descriptor.FindFieldByNumber((int)(tag >> 3)) : null;
            if (field?.FieldType == FieldType.String)
            {
                if (!Utf8.IsValid(value))
                {
                    return false;
                }
            }
            else if (field?.FieldType == FieldType.Message && depth < MaxDepth && !Check(value, field.MessageType, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    // Skips a non-length-delimited value; a group is skipped to its matching end (its contents are unknown fields).
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, ulong tag)
    {
        var open = 0;
        while (true)
        {
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryReadVarint(data, ref position, out _))
                    {
                        return false;
                    }

                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    if (!TryReadVarint(data, ref position, out var length) || length > (ulong)(data.Length - position))
                    {
                        return false;
                    }

                    position += (int)length;
                    break;
                case 3:
                    open++;
                    break;
                case 4:
                    open--;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    return false;
            }

            if (open <= 0 || position > data.Length)
            {
                return position <= data.Length;
            }

            if (!TryReadVarint(data, ref position, out tag))
            {
                return false;
            }
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
