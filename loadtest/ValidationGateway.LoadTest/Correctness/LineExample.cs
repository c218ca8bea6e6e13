namespace ValidationGateway.LoadTest.Correctness;

/// <summary>A line that was missed or drew an unexpected finding, to look up in the gateway's audit trail or logs.</summary>
/// <param name="RequestId">The batch's <c>request_id</c> (the audit trail's key with the institution).</param>
/// <param name="FeedetlSn">The line's <c>feedetl_sn</c>.</param>
/// <param name="Code">The line's national code (<c>med_list_codg</c>), empty when the fault left it out.</param>
/// <param name="Answer">What came back instead: <c>none</c>, a rule id, <c>extra RULE</c> or <c>verdict …</c>.</param>
internal sealed record LineExample(string RequestId, string FeedetlSn, string Code, string Answer);
