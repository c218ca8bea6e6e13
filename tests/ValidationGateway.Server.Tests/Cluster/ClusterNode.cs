using System.Diagnostics;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>One vgw process of a <see cref="GatewayCluster"/>; <see cref="Name"/> is its HAProxy server name.</summary>
internal sealed record ClusterNode(string Name, Process Process, int GrpcPort, int HttpPort);
