using System.Buffers;
using Google.Protobuf;
using ValidationGateway.Contracts;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Core.Tests.Audit;

/// <summary>The stored request of an audit record: received bytes with psn_no replaced on the wire, against the
/// serialization of the request with psn_no swapped (what a request built in code gets).</summary>
public sealed class AuditRecordsTests
{
    private const string Psn = "210102199001011234";
    private static readonly PersonalDataHasher Hasher = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly ValidateResponse Response = new() { RequestId = "r-1", CatalogVersion = "2026.11", Verdict = Verdict.Pass };

    public static TheoryData<string, byte[]> Encodings()
    {
        var full = Request();
        var data = new TheoryData<string, byte[]>
        {
            { "canonical", full.ToByteArray() },
            { "no visit", Without(full, r => r.Visit = null).ToByteArray() },
            { "visit without psn_no", Without(full, r => r.Visit.PsnNo = "").ToByteArray() },
            { "visit first, lines before the ids", Concat(Field(5, full.Visit.ToByteArray()), Field(6, full.FeeDetails[0].ToByteArray()), Field(1, "r-1"u8.ToArray()), Field(2, "H21010200123"u8.ToArray())) },
            // Two visit occurrences are merged by a parser; the psn_no of the first must not survive either.
            { "two visits, each with a psn_no", Concat(Field(1, "r-1"u8.ToArray()), Field(5, new Visit { PsnNo = "OLDER-PSN", MdtrtId = "MD1" }.ToByteArray()), Field(5, new Visit { PsnNo = Psn, Gend = "1" }.ToByteArray())) },
            { "psn_no twice in one visit", Concat(Field(1, "r-1"u8.ToArray()), Field(5, Concat(Field(2, "FIRST-PSN"u8.ToArray()), Field(1, "MD1"u8.ToArray()), Field(2, System.Text.Encoding.UTF8.GetBytes(Psn))))) },
            // Fields the gateway does not know (a newer client): kept, as a parser keeps them.
            { "unknown fields, a group among them", Concat(full.ToByteArray(), [0xA0, 0x06, 0x2A], [0xAB, 0x06, 0x08, 0x01, 0xAC, 0x06], Field(5, Concat(Field(99, "future"u8.ToArray()), Field(2, System.Text.Encoding.UTF8.GetBytes(Psn))))) },
            { "a non-ASCII psn_no and a long visit", Without(full, r => { r.Visit.PsnNo = "外籍-" + new string('9', 300); r.Visit.DiagCodes.Add(Enumerable.Repeat("I10.x00x002", 20)); }).ToByteArray() },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Build_ReceivedBytes_StoredBytesParseLikeTheSerializedRequestWithTheHash(string shape, byte[] encoded)
    {
        var received = Received(encoded);
        var built = ValidateRequest.Parser.ParseFrom(encoded); // the same request, not from the transport: Encoded is null
        Assert.Null(built.Encoded);

        var fromWire = AuditRecords.Build(received, Response, DateTimeOffset.UnixEpoch, Hasher);
        var serialized = AuditRecords.Build(built, Response, DateTimeOffset.UnixEpoch, Hasher);

        var stored = ValidateRequest.Parser.ParseFrom(fromWire.Request);
        Assert.Equal(ValidateRequest.Parser.ParseFrom(serialized.Request), stored);
        Assert.Equal(serialized.PsnHash, fromWire.PsnHash);
        Assert.Equal(Hasher.Hash(received.Visit?.PsnNo ?? ""), stored.Visit?.PsnNo ?? "");
        Assert.Equal(ValidateRequest.Parser.ParseFrom(encoded), received); // the request itself is left as it was
        foreach (var raw in new[] { Psn, "OLDER-PSN", "FIRST-PSN", "外籍-" })
        {
            Assert.True(IndexOf(fromWire.Request, System.Text.Encoding.UTF8.GetBytes(raw)) < 0, $"{shape}: '{raw}' is in the stored bytes");
        }
    }

    [Fact]
    public void Build_ReceivedBytesWithManyPsnFields_StoredBytesHoldOneHashAndNoMore()
    {
        // 10,000 psn_no fields over 100 visit occurrences, the last one the real value.
        var visits = Enumerable.Range(0, 100).Select(v => Field(5, Concat(Enumerable.Range(0, 100).Select(i => Field(2, v == 99 && i == 99 ? System.Text.Encoding.UTF8.GetBytes(Psn) : [])).ToArray())));
        var encoded = Concat([Field(1, "r-1"u8.ToArray()), .. visits]);
        var hash = Hasher.Hash(Psn);

        var record = AuditRecords.Build(Received(encoded), Response, DateTimeOffset.UnixEpoch, Hasher);

        Assert.Equal(hash, ValidateRequest.Parser.ParseFrom(record.Request).Visit.PsnNo);
        Assert.True(record.Request.Length <= encoded.Length + 2 + hash.Length, $"{record.Request.Length} bytes stored for a request of {encoded.Length}");
        Assert.Equal(record.Request.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(hash)), record.Request.AsSpan().LastIndexOf(System.Text.Encoding.UTF8.GetBytes(hash)));
    }

    [Fact]
    public void Build_ReceivedBytesWithoutPsn_StoresTheReceivedBytesAsTheyAre()
    {
        var encoded = Concat(Field(1, "r-1"u8.ToArray()), Field(6, new FeeDetail { FeedetlSn = "1" }.ToByteArray()), Field(1, "r-2"u8.ToArray()));

        var record = AuditRecords.Build(Received(encoded), Response, DateTimeOffset.UnixEpoch, Hasher);

        Assert.Equal(encoded, record.Request);
        Assert.Equal("", record.PsnHash);
    }

    private static ValidateRequest Received(byte[] encoded)
    {
        var request = ValidateRequest.Parser.ParseFrom(encoded);
        ((IRetainsEncoding)request).Retain(new ReadOnlySequence<byte>(encoded));
        Assert.Equal(encoded, request.Encoded);
        return request;
    }

    private static ValidateRequest Request()
    {
        var request = new ValidateRequest
        {
            RequestId = "r-1",
            FixmedinsCode = "H21010200123",
            Scene = Scene.Outpatient,
            Visit = new Visit { MdtrtId = "MD2101020000000001", PsnNo = Psn, Gend = "2", Brdy = "1968-05-12", DiagCodes = { "I10.x00x002", "E11.900" } },
        };
        for (var i = 0; i < 3; i++)
        {
            request.FeeDetails.Add(new FeeDetail { FeedetlSn = $"{i}", MedListCodg = "XA10BAE056A001010104377", Cnt = "2", Pric = "12.50", DetItemFeeSumamt = "25.00" });
        }

        return request;
    }

    private static ValidateRequest Without(ValidateRequest request, Action<ValidateRequest> change)
    {
        var copy = request.Clone();
        change(copy);
        return copy;
    }

    private static byte[] Field(int number, byte[] value)
    {
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(value));
        writer.Flush();
        return output.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
