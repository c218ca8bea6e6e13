using System.Net;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Refuses targets that are not this machine unless <c>--allow-remote</c>: load against other addresses is not allowed where this tool is developed.</summary>
internal static class LoopbackGuard
{
    /// <summary>Null when the target may be loaded, else why not.</summary>
    public static async Task<string?> CheckAsync(Uri target, bool allowRemote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (allowRemote)
        {
            return null;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(target.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else if (string.Equals(target.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(target.IdnHost, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                return $"cannot resolve {target.Host}: {ex.Message}";
            }
        }

        return addresses.Length > 0 && addresses.All(IPAddress.IsLoopback)
            ? null
            : $"{target.Host} is not a loopback address; vgw-load only loads this machine unless --allow-remote is given (and you are allowed to load that address)";
    }
}
