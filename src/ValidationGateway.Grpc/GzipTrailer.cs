using System.Buffers;
using System.Buffers.Binary;

namespace ValidationGateway.Grpc;

/// <summary>Checks a gzip member's trailer (CRC-32 and length of the uncompressed data, RFC 1952 §2.3.1).</summary>
/// <remarks>
/// .NET's GZipStream ends quietly at the end of its input even when the member is cut short, so without this check a
/// truncated message decompresses to a prefix of itself, which can parse as a shorter, different request.
/// </remarks>
internal static class GzipTrailer
{
    /// <summary>The smallest gzip member: 10-byte header, an empty deflate block (2 bytes), 8-byte trailer.</summary>
    public const int MinMemberSize = 20;

    private static readonly uint[] Table = BuildTable();

    /// <summary>True when <paramref name="compressed"/> ends with the trailer of exactly <paramref name="uncompressed"/>.</summary>
    public static bool Matches(in ReadOnlySequence<byte> compressed, ReadOnlySpan<byte> uncompressed)
    {
        if (compressed.Length < MinMemberSize)
        {
            return false;
        }

        Span<byte> trailer = stackalloc byte[8];
        compressed.Slice(compressed.Length - 8).CopyTo(trailer);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)uncompressed.Length
            && BinaryPrimitives.ReadUInt32LittleEndian(trailer) == Crc32(uncompressed);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
