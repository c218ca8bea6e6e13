using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>A call the client got an answer for: what it sent, which node answered, when (on the load's clock).</summary>
internal sealed record Acknowledged(ValidateRequest Request, string Institution, string Node, TimeSpan Sent, TimeSpan Answered);
