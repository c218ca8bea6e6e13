using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Fuzz.HostileValues;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Builds fuzz case number <c>index</c> of a seed; the same (seed, index) always gives the same case.</summary>
internal static class FuzzCaseGenerator
{
    public const string Validate = ValidationGrpcService.ValidatePath;
    public const string ValidateStream = ValidationGrpcService.ValidateStreamPath;
    private const int Max = GatewayFixture.MaxMessageSize;

    private static readonly string[] DemoInstitutions = [DemoDataSet.Hospital3, DemoDataSet.Hospital2, DemoDataSet.Hospital1, DemoDataSet.Pharmacy];
    private static readonly string[] LineCodes =
        [Batches.ValidDrug, Batches.ValidService, Batches.ExpiredDrug, Batches.InvalidatedDrug, "ZA04BAA0021010100372", "C0101010010100103941", "T000100178", "XA10BAE056A001010109999", ""];

    // Compressing megabytes per case would dominate the run; a few bombs, built once, are enough.
    private static readonly Lazy<byte[][]> Bombs = new(() =>
        [Gzip(new byte[Max + 1]), Gzip(new byte[Max * 4]), Gzip([.. Enumerable.Repeat((byte)0x0A, Max + 7)])]);

    private static readonly StatusSet Internal = StatusSet.Of(GrpcStatusCode.Internal);
    private static readonly StatusSet Exhausted = StatusSet.Of(GrpcStatusCode.ResourceExhausted);
    private static readonly StatusSet InvalidArgument = StatusSet.Of(GrpcStatusCode.InvalidArgument);

    public static FuzzCase Generate(int seed, long index)
    {
        var random = new Random(CaseSeed(seed, index));
        var fuzzCase = random.Next(100) switch
        {
            < 25 => FrameCase(random),
            < 45 => ProtobufCase(random),
            < 85 => HostileFieldCase(random, raw: true),
            < 95 => HostileFieldCase(random, raw: false),
            _ => OtherMethodCase(random),
        };
        if (fuzzCase.Body is not null && random.Next(10) == 0)
        {
            // Malformed values are ignored (no deadline); a short one may legitimately end the call first.
            var (timeout, mayExpire) = random.Next(6) switch
            {
                0 => ("0n", true),
                1 => (random.Next(1, 5000).ToString(CultureInfo.InvariantCulture) + "u", true),
                2 => ("99999999H", false),
                3 => (Pick(random, ["", "-1S", "1", "S", "1.5S", "123456789S", "0x10m", "1 S", "99999999999H"]), false),
                4 => (new string([.. Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)random.Next(0x21, 0x7F))]), false),
                _ => ("30S", false),
            };
            fuzzCase = fuzzCase with
            {
                Timeout = timeout,
                Allowed = mayExpire ? fuzzCase.Allowed.With(GrpcStatusCode.DeadlineExceeded) : fuzzCase.Allowed,
            };
        }

        if (fuzzCase.Body is { Length: > 1 } body && random.Next(4) == 0)
        {
            // Split frame headers and messages across DATA frames: the reader's partial-buffer paths.
            var chunks = new int[random.Next(2, 8)];
            for (var i = 0; i < chunks.Length; i++)
            {
                chunks[i] = random.Next(1, Math.Max(2, Math.Min(body.Length, 64)));
            }

            fuzzCase = fuzzCase with { Chunks = chunks };
        }

        return fuzzCase;
    }

    public static ValidateRequest BaseRequest(Random random)
    {
        var request = new ValidateRequest
        {
            RequestId = "fz-" + random.Next().ToString("x8", CultureInfo.InvariantCulture),
            FixmedinsCode = Pick(random, DemoInstitutions),
            CatalogVersion = random.Next(3) == 0 ? DemoDataSet.Version : "",
            Scene = (Scene)random.Next(4),
            Visit = new Visit { MdtrtId = "MDT" + random.Next(1000), PsnNo = "PSN-FUZZ", Gend = "1", Brdy = "1970-01-01" },
        };
        var lines = random.Next(1, 6);
        for (var i = 0; i < lines; i++)
        {
            request.FeeDetails.Add(Batches.Line((i + 1).ToString(CultureInfo.InvariantCulture), Pick(random, LineCodes)));
        }

        return request;
    }

    public static byte[] Frame(byte flag, uint length, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(ReadOnlySpan<byte> payload) => Frame(0, (uint)payload.Length, payload);

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static int CaseSeed(int seed, long index)
    {
        // SplitMix64 of (seed, index): neighbouring indexes get unrelated cases.
        var z = ((ulong)(uint)seed << 32) ^ (ulong)index;
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (int)(z ^ (z >> 31));
    }

    private static FuzzCase FrameCase(Random random)
    {
        var stream = random.Next(4) == 0;
        var path = stream ? ValidateStream : Validate;
        var request = BaseRequest(random);
        var payload = request.ToByteArray();
        var lines = request.FeeDetails.Count;
        // A stream answers each message it could read before the broken frame, then ends with the frame's status.
        var parsedFirst = stream ? StatusSet.Engine : default;
        switch (random.Next(14))
        {
            case 0:
            {
                var extra = random.Next(3) switch { 0 => 1, 1 => random.Next(1, 100), _ => random.Next(1, Max) };
                var length = (uint)(payload.Length + extra);
                return new FuzzCase("frame.prefix-longer-than-body", path, Frame(0, length, payload), length > Max ? Exhausted : Internal);
            }

            case 1:
            {
                var length = (uint)random.Next(0, payload.Length);
                return new FuzzCase("frame.prefix-shorter-than-body", path, Frame(0, length, payload),
                    StatusSet.Frame.Union(InvalidArgument).Union(parsedFirst));
            }

            case 2:
                return new FuzzCase("frame.truncated-header", path, Frame(payload)[..random.Next(1, 5)], Internal);

            case 3:
            {
                var frame = Frame(payload);
                return new FuzzCase("frame.truncated-message", path, frame[..random.Next(5, frame.Length)], Internal);
            }

            case 4:
            {
                var length = random.Next(5) switch
                {
                    0 => uint.MaxValue,
                    1 => 0x80000000u,
                    2 => (uint)Max + 1,
                    3 => 0x7FFFFFFFu,
                    _ => (uint)random.NextInt64(Max + 1L, 0x1_0000_0000L),
                };
                var body = random.Next(2) == 0 ? payload : payload.AsSpan(0, random.Next(0, payload.Length)).ToArray();
                return new FuzzCase("frame.oversized-prefix", path, Frame((byte)random.Next(2), length, body), Exhausted.Union(Internal))
                {
                    Encoding = random.Next(2) == 0 ? "gzip" : null,
                };
            }

            case 5:
                return new FuzzCase("frame.compressed-flag-without-encoding", path, Frame(1, (uint)payload.Length, payload), Internal)
                {
                    Encoding = random.Next(2) == 0 ? "identity" : null,
                };

            case 6:
                return new FuzzCase("frame.invalid-flag", path, Frame((byte)random.Next(2, 256), (uint)payload.Length, payload), Internal)
                {
                    Encoding = random.Next(2) == 0 ? "gzip" : null,
                };

            case 7:
            {
                var notGzip = random.Next(2) == 0 ? payload : RandomBytes(random, random.Next(0, 300));
                if (notGzip.Length > 0 && notGzip[0] == 0x1F)
                {
                    notGzip[0] = 0;
                }

                return new FuzzCase("frame.gzip-flag-with-plain-bytes", path, Frame(1, (uint)notGzip.Length, notGzip), Internal) { Encoding = "gzip" };
            }

            case 8:
            {
                var gzip = Gzip(payload);
                if (random.Next(2) == 0)
                {
                    return new FuzzCase("frame.gzip-valid", path, Frame(1, (uint)gzip.Length, gzip), StatusSet.Ok, stream ? -1 : lines, request.RequestId)
                    {
                        Encoding = random.Next(2) == 0 ? "gzip" : "GZIP",
                    };
                }

                var cut = gzip.AsSpan(0, random.Next(0, gzip.Length));
                return new FuzzCase("frame.gzip-truncated", path, Frame(1, (uint)cut.Length, cut), Internal) { Encoding = "gzip" };
            }

            case 9:
            {
                if (random.Next(2) == 0)
                {
                    var bomb = Pick(random, Bombs.Value);
                    return new FuzzCase("frame.gzip-bomb", path, Frame(1, (uint)bomb.Length, bomb), Exhausted) { Encoding = "gzip" };
                }

                return new FuzzCase("frame.plain-message-on-gzip-stream", path, Frame(payload), StatusSet.Ok, stream ? -1 : lines, request.RequestId)
                {
                    Encoding = "gzip",
                };
            }

            case 10:
            {
                var count = random.Next(2, 6);
                var body = new List<byte>();
                for (var i = 0; i < count; i++)
                {
                    body.AddRange(Frame(BaseRequest(random).ToByteArray()));
                }

                return new FuzzCase("frame.several-messages", path, [.. body], stream ? StatusSet.Ok : Internal);
            }

            case 11:
                return random.Next(2) == 0
                    ? new FuzzCase("frame.empty-body", path, [], stream ? StatusSet.Ok : Internal)
                    : new FuzzCase("frame.zero-length-message", path, Frame(0, 0, []), InvalidArgument);

            case 12:
            {
                var junk = RandomBytes(random, random.Next(1, 24));
                return new FuzzCase("frame.trailing-junk", path, [.. Frame(payload), .. junk],
                    StatusSet.Frame.Union(InvalidArgument).Union(stream ? StatusSet.Engine : default));
            }

            default:
                if (random.Next(2) == 0)
                {
                    return new FuzzCase("frame.random-body", path, RandomBytes(random, random.Next(0, 4000)),
                        StatusSet.Frame.Union(StatusSet.Engine));
                }

                return new FuzzCase("frame.unsupported-encoding", path, Frame(payload), StatusSet.Of(GrpcStatusCode.Unimplemented))
                {
                    Encoding = Pick(random, ["br", "deflate", "snappy", "zstd", "gzip, deflate", "x-" + random.Next().ToString(CultureInfo.InvariantCulture), "gzip;q=1", "*"]),
                };
        }
    }

    private static FuzzCase ProtobufCase(Random random)
    {
        var stream = random.Next(5) == 0;
        var path = stream ? ValidateStream : Validate;
        var request = BaseRequest(random);
        var payload = request.ToByteArray();
        var lines = stream ? -1 : request.FeeDetails.Count;
        var id = stream ? null : request.RequestId;
        switch (random.Next(10))
        {
            case 0:
                return new FuzzCase("proto.random-bytes", path, Frame(RandomBytes(random, random.Next(0, 2000))), StatusSet.Engine);

            case 1:
                return new FuzzCase("proto.truncated", path, Frame(payload.AsSpan(0, random.Next(0, payload.Length))), StatusSet.Engine);

            case 2:
            {
                // A known field number with another wire type is an unknown field to the parser: the request stays valid.
                var field = random.Next(3);
                var wrong = new ProtoBytes();
                var number = field switch { 0 => random.Next(1, 7), 1 => random.Next(1, 12), _ => random.Next(1, 15) };
                WriteWrongType(random, wrong, number);
                var body = field switch
                {
                    0 => wrong.ToArray(),
                    1 => new ProtoBytes().Field(5, wrong.ToArray()).ToArray(),
                    _ => new ProtoBytes().Field(6, [.. Batches.Line("x", Batches.ValidDrug).ToByteArray(), .. wrong.ToArray()]).ToArray(),
                };
                var extraLine = field == 2 ? 1 : 0;
                return new FuzzCase("proto.wrong-wire-type", path, Frame([.. payload, .. body]), StatusSet.Ok, lines < 0 ? -1 : lines + extraLine, id);
            }

            case 3:
            {
                var unknown = new ProtoBytes();
                for (var i = random.Next(1, 20); i > 0; i--)
                {
                    WriteUnknownField(random, unknown, random.Next(15, 536_870_912));
                }

                var mixed = random.Next(2) == 0 ? [.. unknown.ToArray(), .. payload] : (byte[])[.. payload, .. unknown.ToArray()];
                return new FuzzCase("proto.unknown-fields", path, Frame(mixed), StatusSet.Ok, lines, id);
            }

            case 4:
            {
                var depth = random.Next(4) == 0 ? random.Next(1, 50_000) : random.Next(1, 200);
                var balanced = random.Next(3) != 0;
                // Groups close in reverse order with matching numbers; an unbalanced run just never closes.
                var groups = new ProtoBytes();
                var numbers = new int[depth];
                for (var i = 0; i < depth; i++)
                {
                    numbers[i] = random.Next(20, 100);
                    groups.Tag(numbers[i], ProtoBytes.StartGroup);
                }

                for (var i = depth - 1; balanced && i >= 0; i--)
                {
                    groups.Tag(numbers[i], ProtoBytes.EndGroup);
                }

                var body = Frame([.. payload, .. groups.ToArray()]);
                return balanced
                    ? new FuzzCase("proto.nested-groups", path, body, StatusSet.Of(GrpcStatusCode.OK, GrpcStatusCode.InvalidArgument).Union(body.Length > Max ? Exhausted : default), lines, id)
                    : new FuzzCase("proto.unbalanced-groups", path, body, InvalidArgument.Union(body.Length > Max ? Exhausted : default));
            }

            case 5:
            {
                var inner = Batches.Line("n", Batches.ValidDrug).ToByteArray();
                for (var i = random.Next(1, 2_000); i > 0; i--)
                {
                    inner = new ProtoBytes().Field(random.Next(15, 1000), inner).ToArray();
                }

                return new FuzzCase("proto.nested-length-delimited", path, Frame([.. payload, .. new ProtoBytes().Field(99, inner).ToArray()]), StatusSet.Ok, lines, id);
            }

            case 6:
            {
                var lie = new ProtoBytes();
                var number = Pick(random, [1, 2, 3, 5, 6, 4000]);
                lie.Tag(number, ProtoBytes.LengthDelimited);
                lie.RawVarint(random.Next(4) switch
                {
                    0 => (ulong)random.Next(1, 10_000),
                    1 => int.MaxValue,
                    2 => uint.MaxValue,
                    _ => ulong.MaxValue,
                });
                lie.Raw(RandomBytes(random, random.Next(0, 8)));
                if (random.Next(3) == 0)
                {
                    // A varint that never ends (11 continuation bytes).
                    lie = new ProtoBytes().Tag(4, ProtoBytes.Varint).Raw(Enumerable.Repeat((byte)0xFF, 11).ToArray());
                }

                return new FuzzCase("proto.huge-declared-length", path, Frame([.. payload, .. lie.ToArray()]), InvalidArgument);
            }

            case 7:
            {
                var count = random.Next(8) switch
                {
                    0 => 999,
                    1 => 1000,
                    2 => 1001,
                    3 => random.Next(1, 3_000),
                    4 => random.Next(900, 1_100),
                    5 => 1 + (random.Next(2) * 1000),
                    6 => random.Next(20) == 0 ? random.Next(100_000, 600_000) : random.Next(1, 200),
                    _ => random.Next(1, 1000),
                };
                var empty = random.Next(2) == 0;
                var line = empty ? [] : Batches.Line("1", Pick(random, LineCodes)).ToByteArray();
                var head = request.Clone();
                head.FeeDetails.Clear();
                var body = new ProtoBytes().Raw(head.ToByteArray());
                for (var i = 0; i < count; i++)
                {
                    body.Field(6, line);
                }

                var frame = Frame(body.ToArray());
                var allowed = frame.Length - 5 > Max ? Exhausted : count > 1000 ? InvalidArgument : StatusSet.Ok;
                return new FuzzCase("proto.line-count", path, frame, allowed, stream ? -1 : count, id);
            }

            case 8:
            {
                var body = new ProtoBytes().Raw(payload);
                for (var i = random.Next(1, 50); i > 0; i--)
                {
                    body.Field(1, random.Next(3) == 0 ? new string('R', random.Next(0, 5000)) : "dup-" + i);
                }

                body.Field(1, request.RequestId);
                return new FuzzCase("proto.repeated-singular-field", path, Frame(body.ToArray()), StatusSet.Ok, lines, id);
            }

            default:
            {
                var body = new ProtoBytes().Raw(payload).VarintField(4, RandomVarint(random));
                var line = Batches.Line("e", Batches.ValidDrug).ToByteArray();
                var odd = new ProtoBytes().Raw(line).VarintField(11, RandomVarint(random)).VarintField(12, RandomVarint(random));
                body.Field(6, odd.ToArray());
                return new FuzzCase("proto.odd-enum-and-bool-values", path, Frame(body.ToArray()), StatusSet.Ok, lines < 0 ? -1 : lines + 1, id);
            }
        }
    }

    private static FuzzCase HostileFieldCase(Random random, bool raw)
    {
        var request = BaseRequest(random);
        var stream = raw && random.Next(5) == 0;
        var path = stream ? ValidateStream : Validate;
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            Mutate(random, request);
        }

        var tooBig = request.CalculateSize() > Max;
        var allowed = tooBig ? Exhausted : StatusSet.Engine;
        var lines = stream ? -1 : request.FeeDetails.Count;
        var id = stream ? null : request.RequestId;
        if (!raw)
        {
            return new FuzzCase("field.client", Validate, null, allowed, request.FeeDetails.Count, request.RequestId) { Request = request };
        }

        var payload = request.ToByteArray();
        if (random.Next(4) != 0)
        {
            return new FuzzCase("field.hostile-value", path, Frame(payload), allowed, lines, id);
        }

        // Protobuf strings must be UTF-8: a string field with other bytes is a malformed message.
        var bad = HostileValues.InvalidUtf8(random);
        var injected = random.Next(4) switch
        {
            0 => new ProtoBytes().Field(random.Next(1, 4), bad),
            1 => new ProtoBytes().Field(5, new ProtoBytes().Field(Pick(random, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), bad).ToArray()),
            _ => new ProtoBytes().Field(6, [.. Batches.Line("u", Batches.ValidDrug).ToByteArray(), .. new ProtoBytes().Field(Pick(random, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14]), bad).ToArray()]),
        };
        var body = random.Next(2) == 0 ? [.. payload, .. injected.ToArray()] : (byte[])[.. injected.ToArray(), .. payload];
        return new FuzzCase("field.invalid-utf8", path, Frame(body), tooBig ? Exhausted : InvalidArgument);
    }

    private static void Mutate(Random random, ValidateRequest request)
    {
        var hostile = random.Next(3) == 0;
        string Value(string[] pool) => hostile ? HostileValues.Random(random) : Pick(random, pool);
        var line = request.FeeDetails[random.Next(request.FeeDetails.Count)];
        switch (random.Next(16))
        {
            case 0: request.RequestId = hostile ? HostileValues.Random(random) : Pick(random, SqlLike); break;
            case 1: request.FixmedinsCode = Value(Institutions); break;
            case 2: request.CatalogVersion = Value(Versions); break;
            case 3: line.DetItemFeeSumamt = Value(Amounts); break;
            case 4: line.Cnt = Value(Amounts); break;
            case 5: line.Pric = Value(Amounts); break;
            case 6: line.FeeOcurTime = Value(Dates); break;
            case 7: line.MedListCodg = Value(Codes); break;
            case 8: line.MedinsListCodg = hostile ? HostileValues.Random(random) : Pick(random, Unicode); break;
            case 9: line.FeedetlSn = Value(ControlCharacters); break;
            case 10: request.Visit.Brdy = Value(Dates); break;
            case 11: request.Visit.PsnNo = Value(SqlLike); break;
            case 12: request.Visit.DiagCodes.Add(Value(Codes)); break;
            case 13: request.Visit.Gend = Value(Amounts); break;
            case 14:
            {
                // Whole lines of hostile values: the line count climbs towards the batch limit too.
                var count = random.Next(10) == 0 ? random.Next(990, 1010) - request.FeeDetails.Count : random.Next(1, 20);
                for (var i = 0; i < count; i++)
                {
                    request.FeeDetails.Add(new FeeDetail
                    {
                        FeedetlSn = HostileValues.Random(random),
                        FeeOcurTime = Pick(random, Dates),
                        MedListCodg = Pick(random, Codes),
                        MedinsListCodg = Pick(random, SqlLike),
                        Cnt = Pick(random, Amounts),
                        Pric = Pick(random, Amounts),
                        DetItemFeeSumamt = Pick(random, Amounts),
                        HospApprFlag = Pick(random, ["", "0", "1", "2", "-1", "是"]),
                        ItemType = (ItemType)random.Next(-2, 7),
                        SelfPayConsent = random.Next(2) == 0,
                    });
                }

                break;
            }

            default:
                request.Scene = (Scene)random.Next(int.MinValue, int.MaxValue);
                line.ItemType = (ItemType)random.Next(-10, 10);
                break;
        }
    }

    private static FuzzCase OtherMethodCase(Random random)
    {
        var payload = random.Next(2) == 0 ? [] : RandomBytes(random, random.Next(0, 200));
        var body = random.Next(3) == 0 ? payload : Frame(payload);
        return random.Next(5) switch
        {
            // Kestrel refuses a :path that decodes to a NUL with a stream reset, before any application code runs.
            4 => new FuzzCase("method.nul-in-path", "/validationgateway.v1.ValidationService/Validate%00", body, StatusSet.Of(GrpcStatusCode.Unimplemented))
            {
                KestrelMayResetStream = true,
            },
            0 => new FuzzCase("method.health-check", GrpcHealthService.CheckPath, body, StatusSet.Frame.With(GrpcStatusCode.OK, GrpcStatusCode.InvalidArgument, GrpcStatusCode.NotFound)),
            1 => new FuzzCase("method.list-rules", ComplianceGrpcService.ListRulesPath, body, StatusSet.Frame.With(GrpcStatusCode.OK, GrpcStatusCode.InvalidArgument)),
            _ => new FuzzCase("method.unknown", Pick(random, [
                    "/validationgateway.v1.ValidationService/validate", "/validationgateway.v1.ValidationService/Validate/", "/validationgateway.v1.ValidationService/",
                    "/grpc.health.v1.Health/Nope", "/a/b/c/d", "/" + new string('x', random.Next(1, 4000)),
                    "/validationgateway.v1.AdminService/DropEverything",
                ]), body, StatusSet.Of(GrpcStatusCode.Unimplemented)),
        };
    }

    private static void WriteWrongType(Random random, ProtoBytes bytes, int number)
    {
        switch (random.Next(4))
        {
            case 0: bytes.Tag(number, ProtoBytes.Varint).RawVarint(RandomVarint(random)); break;
            case 1: bytes.Tag(number, ProtoBytes.Fixed64).Raw(RandomBytes(random, 8)); break;
            case 2: bytes.Tag(number, ProtoBytes.Fixed32).Raw(RandomBytes(random, 4)); break;
            default: bytes.Tag(number, ProtoBytes.StartGroup).Tag(number, ProtoBytes.EndGroup); break;
        }
    }

    private static void WriteUnknownField(Random random, ProtoBytes bytes, int number)
    {
        switch (random.Next(5))
        {
            case 0: bytes.Tag(number, ProtoBytes.Varint).RawVarint(RandomVarint(random)); break;
            case 1: bytes.Tag(number, ProtoBytes.Fixed64).Raw(RandomBytes(random, 8)); break;
            case 2: bytes.Tag(number, ProtoBytes.Fixed32).Raw(RandomBytes(random, 4)); break;
            case 3: bytes.Field(number, RandomBytes(random, random.Next(0, random.Next(2) == 0 ? 100 : 20_000))); break;
            default:
                bytes.Tag(number, ProtoBytes.StartGroup);
                WriteUnknownField(random, bytes, random.Next(15, 1000));
                bytes.Tag(number, ProtoBytes.EndGroup);
                break;
        }
    }

    private static ulong RandomVarint(Random random) => random.Next(4) switch
    {
        0 => (ulong)random.Next(0, 10),
        1 => ulong.MaxValue - (ulong)random.Next(0, 3),
        2 => (ulong)random.NextInt64(),
        _ => 1UL << random.Next(0, 64),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
