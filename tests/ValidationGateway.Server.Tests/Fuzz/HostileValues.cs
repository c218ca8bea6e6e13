using System.Text;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Field values an attacker or a broken HIS might send.</summary>
internal static class HostileValues
{
    public static readonly string[] ControlCharacters =
    [
        "\0", "\r\n", "\n", "\t", "\u0001\u0002\u0003", "\u001b[31m", "\u007f", "\u0085", "\u2028\u2029", "\u200b", "\ufeff",
        "\u202e", "XA10\0BAE056A001010104377", "H2101\r\n0200123", "line1\r\nERROR fake log line",
    ];

    public static readonly string[] SqlLike =
    [
        "' OR 1=1 --", "'; DROP TABLE catalog_rows; --", "\" OR \"\"=\"", "1; SELECT * FROM institutions", "%' AND 1=0 UNION SELECT name FROM sqlite_master --",
        "H21010200123' --", "2026.11-demo' OR '1'='1", "\\'; --", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%s%s%s%n",
        "{{7*7}}", "null", "undefined", "NULL", "\\x00",
    ];

    public static readonly string[] Unicode =
    [
        "😀", "𠀀𠀁𠀂", "👨‍👩‍👧‍👦", "e\u0301", "阿莫西林胶囊", "ＸＡ１０ＢＡＥ０５６Ａ００１０１０１０４３７", "ا٢٣", "\U0010FFFF", "\uFFFD\uFFFF\uFFFE",
        "ǅ", "ß", "İ", "Ⅻ", "١٢.٥٠",
    ];

    public static readonly string[] Amounts =
    [
        "-1", "0", "-0", "NaN", "nan", "Infinity", "-Infinity", "1e309", "-1e309", "1E-400", "99999999999999999999.99", "79228162514264337593543950336",
        "0x1F", "1,000.00", "12.5.3", " 12.50 ", "12.50元", "", ".", "-", "+5", "1e2", "0.000000000000000000000000000001", "١٢٣", "12,50", "∞", "--1",
        "9223372036854775808", "-9223372036854775809", "4294967296",
    ];

    public static readonly string[] Dates =
    [
        "0000-01-01 00:00:00", "9999-12-31 23:59:59", "2026-02-29 10:00:00", "2024-02-29 10:00:00", "0001-01-01 00:00:00", "2026-13-01 00:00:00",
        "2026-11-22 24:00:00", "2026-11-22T09:30:00", "2026-11-22 09:30:00Z", "２０２６-11-22 09:30:00", "2026-11-22 09:30:60", "-2026-11-22",
        "2026-11-22 09:30:00.123", "", "9999-12-31", "10000-01-01 00:00:00", "2026-11-22", "1900-01-01", "2026-11-22 9:30:00", " 2026-11-22 09:30:00",
        "2026/11/22 09:30:00", "20261122093000", "2026-00-00 00:00:00",
    ];

    public static readonly string[] Codes =
    [
        Batches.ValidDrug, Batches.ValidService, Batches.ExpiredDrug, Batches.InvalidatedDrug, " " + Batches.ValidDrug, Batches.ValidDrug + " ",
        "\t" + Batches.ValidDrug, Batches.ValidDrug + "\0", Batches.ValidDrug.ToLowerInvariant(), "XA10BAE056A001010109999", "XA10BAE056A00101010437",
        "ZA04BAA0021010100372", "C0101010010100103941", "T000100178", "X", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "001102000010000 ",
    ];

    public static readonly string[] Institutions =
    [
        DemoDataSet.Hospital3, DemoDataSet.Hospital2, DemoDataSet.Hospital1, DemoDataSet.Pharmacy, " " + DemoDataSet.Hospital3, DemoDataSet.Hospital3 + " ",
        DemoDataSet.Hospital3.ToLowerInvariant(), "H99999900001", "P00000000000", "H2101020012", "H210102001234",
    ];

    public static readonly string[] Versions = [DemoDataSet.Version, "", " " + DemoDataSet.Version, DemoDataSet.Version.ToUpperInvariant(), "1999.01", "latest", "*", "%"];

    public static string Random(Random random)
    {
        return random.Next(10) switch
        {
            0 => Pick(random, ControlCharacters),
            1 => Pick(random, SqlLike),
            2 => Pick(random, Unicode),
            3 => Pick(random, Amounts),
            4 => Pick(random, Dates),
            5 => Pick(random, Codes),
            6 => RandomText(random, random.Next(0, 80)),
            7 => Pick(random, Unicode) + Pick(random, SqlLike) + Pick(random, ControlCharacters),
            8 => new string(Pick(random, "9XH'中\0 ".ToCharArray()), LongLength(random)),
            _ => string.Concat(Enumerable.Repeat(Pick(random, Unicode), random.Next(1, 40))),
        };
    }

    /// <summary>Lengths on both sides of the national limits (3, 6, 10, 19, 20, 30, 50, 64, 150) and far beyond.</summary>
    public static int LongLength(Random random) => random.Next(6) switch
    {
        0 => Pick(random, [3, 4, 6, 7, 10, 11, 19, 20, 21, 30, 31, 50, 51, 64, 65, 150, 151]),
        1 => random.Next(150, 2_000),
        2 => random.Next(2_000, 70_000),
        3 => random.Next(0, 200),
        4 => random.Next(70_000, 1_100_000),
        _ => random.Next(0, 40),
    };

    /// <summary>Arbitrary UTF-16 text without lone surrogates (those cannot be encoded as protobuf strings).</summary>
    public static string RandomText(Random random, int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            var c = random.Next(5) switch
            {
                0 => random.Next(0, 0x20),
                1 => random.Next(0x20, 0x7F),
                2 => random.Next(0x4E00, 0x9FFF),
                3 => random.Next(0x80, 0xD800),
                _ => random.Next(0x10000, 0x10FFFF),
            };
            builder.Append(char.ConvertFromUtf32(c));
        }

        return builder.ToString();
    }

    /// <summary>Byte strings that are not valid UTF-8 (overlong forms, stray continuations, surrogates, truncated sequences).</summary>
    public static byte[] InvalidUtf8(Random random)
    {
        byte[][] samples =
        [
            [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0x80], [0xBF, 0x41], [0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], ProtoBytes.Wtf8("\ud800"), ProtoBytes.Wtf8("a\udc00b"),
        ];
        var prefix = Encoding.UTF8.GetBytes(Pick(random, ["", "XA10", "H2101", "阿莫西林", "2026-11-22 "]));
        return [.. prefix, .. Pick(random, samples), .. Encoding.UTF8.GetBytes(Pick(random, ["", "x", "0200123", "😀"]))];
    }

    public static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
