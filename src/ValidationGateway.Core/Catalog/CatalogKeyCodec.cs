using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ValidationGateway.Core.Catalog;

/// <summary>Packs a national code into nibbles: a digit is one nibble, any other ASCII character 0xF plus its two nibbles.</summary>
/// <remarks>
/// National codes are mostly digits (a 27-character consumable code is C + 26 digits), so a code costs about half
/// its length in bytes: 14 bytes for C + 26 digits, 18 for a 23-character western drug code. The code is prefix-free
/// and an odd count is padded with one 0xF, which no complete code ends with, so equal bytes mean equal codes.
/// Codes with non-ASCII characters or longer than <see cref="MaxChars"/> are not packed (the snapshot keeps them
/// in a side table).
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
