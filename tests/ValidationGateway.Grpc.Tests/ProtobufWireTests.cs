using System.Buffers;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Grpc.Tests;

public sealed class ProtobufWireTests
{
    private const int Lines = ValidateRequest.FeeDetailsFieldNumber;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1001)]
    public void CountField_RepeatedMessageAmongOtherFields_CountsEachElement(int count)
    {
        var request = new ValidateRequest { RequestId = "r", FixmedinsCode = "H1", Visit = new Visit { PsnNo = "p" } };
        request.FeeDetails.Add(Enumerable.Range(0, count).Select(i => i % 2 == 0 ? new FeeDetail() : new FeeDetail { FeedetlSn = $"{i}", Cnt = "1" }));

        Assert.Equal(count, ProtobufWire.CountField(new ReadOnlySequence<byte>(request.ToByteArray()), Lines));
    }

    [Fact]
    public void CountField_MessageSplitAcrossSegments_SameCountAsContiguous()
    {
        var request = new ValidateRequest { RequestId = "split" };
        request.FeeDetails.Add(Enumerable.Range(0, 50).Select(i => new FeeDetail { FeedetlSn = $"{i}", MedListCodg = "XA01" }));
        var bytes = request.ToByteArray();

        // Segments of 3 bytes: tags, lengths and skipped values all cross segment boundaries.
        var split = Segments.Of(bytes, 3);

        Assert.False(split.IsSingleSegment);
        Assert.Equal(50, ProtobufWire.CountField(split, Lines));
    }

    [Fact]
    public void CountField_SameNumberInsideGroupOrSubMessage_NotCounted()
    {
        // Field 9 as a group (wire types 3 and 4) holding a field 6, then field 5 (a sub-message) holding a field 6,
        // then two top-level field 6.
        byte[] message =
        [
            (9 << 3) | 3, (Lines << 3) | 2, 0, (9 << 3) | 4,
            (5 << 3) | 2, 2, (Lines << 3) | 2, 0,
            (Lines << 3) | 2, 0,
            (Lines << 3) | 2, 1, 0x08,
        ];

        Assert.Equal(2, ProtobufWire.CountField(new ReadOnlySequence<byte>(message), Lines));
    }

    [Fact]
    public void CountField_SameNumberWithAnotherWireType_NotCounted()
    {
        // A varint and a fixed32 under the lines' number (unknown fields to the parser), then one real line.
        byte[] message = [Lines << 3, 1, (Lines << 3) | 5, 0, 0, 0, 0, (Lines << 3) | 2, 0];

        Assert.Equal(1, ProtobufWire.CountField(new ReadOnlySequence<byte>(message), Lines));
        Assert.Single(ValidateRequest.Parser.ParseFrom(message).FeeDetails);
    }

    [Theory]
    [InlineData(new byte[] { (Lines << 3) | 2, 0, (Lines << 3) | 2, 5, 1 })] // declared longer than what follows
    [InlineData(new byte[] { (Lines << 3) | 2, 0, 0xFF })]                   // a tag cut short
    [InlineData(new byte[] { (Lines << 3) | 2, 0, (1 << 3) | 7, (Lines << 3) | 2, 0 })] // an invalid wire type
    public void CountField_MalformedAfterOneElement_StopsThereWithoutThrowing(byte[] message) =>
        Assert.Equal(1, ProtobufWire.CountField(new ReadOnlySequence<byte>(message), Lines));

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
        {
            var first = new Segments(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
            var last = first;
            for (var start = size; start < bytes.Length; start += size)
            {
                var next = new Segments(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)), start);
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
