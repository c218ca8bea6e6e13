using Google.Protobuf;
using Google.Protobuf.Reflection;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Grpc.Tests;

/// <summary>The UTF-8 check of string fields, through the per-type field tables.</summary>
public sealed class ProtobufUtf8Tests
{
    private static readonly byte[] Invalid = [0xC3, 0x28]; // a two-byte lead followed by no continuation

    [Fact]
    public void StringsAreValid_InvalidBytesInANestedString_AreFoundAtEveryDepth()
    {
        var request = new ValidateRequest { RequestId = "r-1", Visit = new Visit { PsnNo = "张三" } };
        request.FeeDetails.Add(new FeeDetail { FeedetlSn = "1", MedListCodg = "XA01" });
        request.FeeDetails.Add(new FeeDetail { FeedetlSn = "2", MedinsListCodg = "院内码-普通门诊诊查费" });
        var valid = request.ToByteArray();

        Assert.True(ProtobufUtf8.StringsAreValid(valid, ValidateRequest.Descriptor));
        Assert.False(ProtobufUtf8.StringsAreValid(WithString(valid, ValidateRequest.RequestIdFieldNumber, Invalid), ValidateRequest.Descriptor));

        var line = new FeeDetail { FeedetlSn = "3" }.ToByteArray();
        var badLine = Field(ValidateRequest.FeeDetailsFieldNumber, WithString(line, FeeDetail.BilgDeptCodgFieldNumber, Invalid));
        Assert.False(ProtobufUtf8.StringsAreValid([.. valid, .. badLine], ValidateRequest.Descriptor));

        // The same bytes in a bytes-typed or unknown field are not a string's: not checked.
        Assert.True(ProtobufUtf8.StringsAreValid([.. valid, .. Field(999, Invalid)], ValidateRequest.Descriptor));
    }

    [Fact]
    public void StringsAreValid_FieldNumbersTooLargeForTheTable_StillChecked()
    {
        // A message type with a field number past the indexed range takes the descriptor's lookup instead.
        var file = new FileDescriptorProto
        {
            Name = "utf8_large_numbers.proto",
            Package = "vgw.test",
            Syntax = "proto3",
            MessageType =
            {
                new DescriptorProto
                {
                    Name = "Large",
                    Field =
                    {
                        new FieldDescriptorProto { Name = "text", JsonName = "text", Number = 5000, Type = FieldDescriptorProto.Types.Type.String, Label = FieldDescriptorProto.Types.Label.Optional },
                        new FieldDescriptorProto { Name = "blob", JsonName = "blob", Number = 7, Type = FieldDescriptorProto.Types.Type.Bytes, Label = FieldDescriptorProto.Types.Label.Optional },
                    },
                },
            },
        };
        var descriptor = FileDescriptor.BuildFromByteStrings([file.ToByteString()])[0].MessageTypes[0];

        Assert.True(ProtobufUtf8.StringsAreValid([.. Field(5000, "好"u8.ToArray()), .. Field(7, Invalid)], descriptor));
        Assert.False(ProtobufUtf8.StringsAreValid(Field(5000, Invalid), descriptor));
    }

    private static byte[] WithString(byte[] message, int number, byte[] value) => [.. message, .. Field(number, value)];

    private static byte[] Field(int number, byte[] value)
    {
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(number, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(value));
        writer.Flush();
        return output.ToArray();
    }
}
