using System.Runtime.CompilerServices;
using System.Text.Unicode;
using Google.Protobuf.Reflection;

namespace ValidationGateway.Grpc;

/// <summary>Checks that every string field of an encoded message holds UTF-8, as proto3 requires.</summary>
/// <remarks>
/// Google.Protobuf (3.25) decodes invalid UTF-8 leniently, turning each bad sequence into U+FFFD, so two different
/// request ids or codes could arrive as the same string. Runs on bytes the parser has already accepted; allocates nothing
/// once each message type has its <see cref="FieldTable"/>.
/// </remarks>
internal static class ProtobufUtf8
{
    // The parser's own default recursion limit; deeper messages were rejected before we get here.
    private const int MaxDepth = 100;

    /// <summary>False when a string field at any depth of known message fields is not valid UTF-8.</summary>
    public static bool StringsAreValid(ReadOnlySpan<byte> data, MessageDescriptor descriptor) => Check(data, FieldTable.For(descriptor), 0);

    private static bool Check(ReadOnlySpan<byte> data, FieldTable fields, int depth)
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
            var kind = fields.KindOf(tag >> 3, out var nested);
            if (kind == FieldKind.String)
            {
                if (!Utf8.IsValid(value))
                {
                    return false;
                }
            }
            else if (kind == FieldKind.Message && depth < MaxDepth && !Check(value, nested!, depth + 1))
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

    private enum FieldKind : byte
    {
        Other,
        String,
        Message,
    }

    /// <summary>A message type's string and message fields by field number. With the descriptor's own lookup per field
    /// (<see cref="MessageDescriptor.FindFieldByNumber"/>, a dictionary) the check cost a quarter to a half of parsing
    /// the message; with the table, about an eighth (docs/performance.md, item 34).</summary>
    private sealed class FieldTable
    {
        // Field numbers up to this are looked up in an array; a message type with a larger one uses its descriptor.
        private const int MaxIndexed = 1024;

        private static readonly ConditionalWeakTable<MessageDescriptor, FieldTable> Tables = [];

        private readonly MessageDescriptor _descriptor;
        private readonly FieldKind[]? _kinds;
        private readonly FieldTable?[] _nested;

        private FieldTable(MessageDescriptor descriptor)
        {
            _descriptor = descriptor;
            var fields = descriptor.Fields.InFieldNumberOrder();
            var max = fields.Count == 0 ? 0 : fields[^1].FieldNumber;
            _nested = new FieldTable?[max <= MaxIndexed ? max + 1 : 0];
            if (max > MaxIndexed)
            {
                return;
            }

            _kinds = new FieldKind[max + 1];
            foreach (var field in fields)
            {
                _kinds[field.FieldNumber] = KindOf(field);
            }
        }

        public static FieldTable For(MessageDescriptor descriptor) => Tables.GetValue(descriptor, static d => new FieldTable(d));

        /// <summary>What field <paramref name="number"/> is; for a message field, the table of its type.</summary>
        public FieldKind KindOf(ulong number, out FieldTable? nested)
        {
            nested = null;
            FieldKind kind;
            if (_kinds is { } kinds)
            {
                kind = number < (ulong)kinds.Length ? kinds[(int)number] : FieldKind.Other;
                if (kind == FieldKind.Message)
                {
                    // Filled on first use: a message type may contain itself. A race builds the same table twice.
                    nested = _nested[(int)number] ??= For(_descriptor.FindFieldByNumber((int)number).MessageType);
                }

                return kind;
            }

            var field = number <= int.MaxValue ? _descriptor.FindFieldByNumber((int)number) : null;
            kind = field is null ? FieldKind.Other : KindOf(field);
            if (kind == FieldKind.Message)
            {
                nested = For(field!.MessageType);
            }

            return kind;
        }

        private static FieldKind KindOf(FieldDescriptor field) => field.FieldType switch
        {
            FieldType.String => FieldKind.String,
            FieldType.Message => FieldKind.Message,
            _ => FieldKind.Other,
        };
    }
}
