using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Core.Compliance;

/// <summary>A row of the administrators' daily review: an institution, its day's stats and its 贯标 quality-control metrics.</summary>
/// <param name="Institution">Registration (name, level, type; region = admin division).</param>
/// <param name="Stats">The day's traffic.</param>
/// <param name="MappingRate">Mapping rate (DOMAIN.md §6): distinct local codes sent that day that have an approved mapping / distinct local codes sent.</param>
/// <param name="FlagRate">Flag rate (DOMAIN.md §6): approved mappings whose national item is policy-flagged (restricted use or class C) / approved mappings.</param>
public sealed record InstitutionDayReport(InstitutionRecord Institution, InstitutionDayStats Stats, double MappingRate, double FlagRate);
