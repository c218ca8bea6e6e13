namespace ValidationGateway.Core.Audit;

/// <summary>A stored audit line with the request it belongs to.</summary>
/// <param name="InstitutionCode">fixmedins_code.</param>
/// <param name="RequestId">The request.</param>
/// <param name="Day">Business day.</param>
/// <param name="Line">The line.</param>
public sealed record AuditLineRow(string InstitutionCode, string RequestId, DateOnly Day, AuditLine Line);
