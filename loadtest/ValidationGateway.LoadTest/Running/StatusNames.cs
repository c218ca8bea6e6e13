using System.Text;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary>gRPC status names as the spec writes them (DEADLINE_EXCEEDED).</summary>
internal static class StatusNames
{
    public static string Of(GrpcStatusCode code)
    {
        var name = code.ToString();
        if (code == GrpcStatusCode.OK)
        {
            return "OK";
        }

        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
