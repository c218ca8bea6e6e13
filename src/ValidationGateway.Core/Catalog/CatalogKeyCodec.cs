using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ValidationGateway.Core.Catalog;

/// <summary>Packs a national code into nibbles: a digit is one nibble, any other ASCII character 0xF plus its two nibbles.</summary>
/// <remarks>
/// National codes are mostly digits (a 27-character consumable code is C + 26 digits), so a code costs about half
/// its length in bytes: 14 bytes for C + 26 digits, 18 for a 23-character western drug code. The code is prefix-free
/// and an odd count is padded with one 0xF, which no complete code ends with, so equal bytes mean equal codes.
/// Codes with non-ASCII characters or longer than <see cref="MaxChars"/> are not packed (the snapshot keeps them
/// in a side table). Institutions' mapping tables pack local and national codes the same way
/// (<see cref="Institutions.MappingTable"/>), hence <see cref="Decode"/> and <see cref="EqualsChars"/>.
/// </remarks>
internal static class CatalogKeyCodec
{
    /// <summary>Longest code that is packed; the import limit is 50.</summary>
    public const int MaxChars = 64;

    /// <summary>Buffer size that holds any packable code.</summary>
    public const int BufferSize = ((MaxChars * 3) + 1) / 2;

    /// <summary>Packs <paramref name="code"/> into <paramref name="destination"/> (at least <see cref="BufferSize"/> bytes); -1 when it cannot be packed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Encode(ReadOnlySpan<char> code, Span<byte> destination)
    {
        if (code.Length > MaxChars || destination.Length < BufferSize)
        {
            return -1;
        }

        var length = 0;
        var pending = -1;
        foreach (var c in code)
        {
            var digit = (uint)(c - '0');
            if (digit <= 9)
            {
                Put(destination, ref length, ref pending, (int)digit);
            }
            else if (c < 0x80)
            {
                Put(destination, ref length, ref pending, 0xF);
                Put(destination, ref length, ref pending, c >> 4);
                Put(destination, ref length, ref pending, c & 0xF);
            }
            else
            {
                return -1;
            }
        }

        if (pending >= 0)
        {
            destination[length++] = (byte)((pending << 4) | 0xF);
        }

        return length;
    }

    /// <summary>Unpacks <paramref name="key"/> (from <see cref="Encode"/>) into <paramref name="destination"/> (at least <see cref="MaxChars"/> chars); returns the chars written.</summary>
    public static int Decode(ReadOnlySpan<byte> key, Span<char> destination)
    {
        var nibbles = key.Length * 2;
        var length = 0;
        for (var n = 0; n < nibbles; n++)
        {
            var nibble = NibbleAt(key, n);
            if (nibble <= 9)
            {
                destination[length++] = (char)('0' + nibble);
            }
            else if (n + 1 < nibbles)
            {
                // 0xF escapes the next two nibbles; a final lone 0xF is the padding of an odd count.
                destination[length++] = (char)((NibbleAt(key, n + 1) << 4) | NibbleAt(key, n + 2));
                n += 2;
            }
        }

        return length;
    }

    /// <summary>True when <paramref name="key"/> is the packed form of <paramref name="code"/>, compared as they go, without a buffer.</summary>
    public static bool EqualsChars(ReadOnlySpan<byte> key, ReadOnlySpan<char> code)
    {
        var nibbles = key.Length * 2;
        var n = 0;
        foreach (var c in code)
        {
            if (n >= nibbles)
            {
                return false;
            }

            var nibble = NibbleAt(key, n);
            var digit = (uint)(c - '0');
            if (digit <= 9)
            {
                if (nibble != digit)
                {
                    return false;
                }

                n++;
            }
            else if (nibble != 0xF || n + 2 >= nibbles || c >= 0x80 || ((NibbleAt(key, n + 1) << 4) | NibbleAt(key, n + 2)) != c)
            {
                return false;
            }
            else
            {
                n += 3;
            }
        }

        // Equal when every nibble was used, or only the padding nibble is left.
        return n == nibbles || (n == nibbles - 1 && NibbleAt(key, n) == 0xF);
    }

    /// <summary>A 32-bit hash of packed bytes (8 bytes at a time, then a 64-bit finaliser).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<byte> key)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)key.Length;
        while (key.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 29;
            key = key[8..];
        }

        ulong tail = 0;
        foreach (var b in key)
        {
            tail = (tail << 8) | b;
        }

        h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return (uint)(h >> 32) ^ (uint)h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NibbleAt(ReadOnlySpan<byte> key, int n) => (n & 1) == 0 ? (uint)key[n >> 1] >> 4 : key[n >> 1] & 0xFu;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Span<byte> destination, ref int length, ref int pending, int nibble)
    {
        if (pending < 0)
        {
            pending = nibble;
        }
        else
        {
            destination[length++] = (byte)((pending << 4) | nibble);
            pending = -1;
        }
    }
}
