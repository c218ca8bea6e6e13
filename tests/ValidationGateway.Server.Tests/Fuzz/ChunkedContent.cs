using System.Net;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>A request body written in given chunk sizes with a flush after each, so it leaves in several DATA frames.</summary>
internal sealed class ChunkedContent(byte[] body, int[] chunks) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var count = Math.Min(chunk, body.Length - offset);
            if (count <= 0)
            {
                break;
            }

            await stream.WriteAsync(body.AsMemory(offset, count));
            await stream.FlushAsync();
            offset += count;
        }

        if (offset < body.Length)
        {
            await stream.WriteAsync(body.AsMemory(offset));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
