namespace ValidationGateway.Core.Codes;

/// <summary>Where a family's codes appear; detection only competes between families of one role.</summary>
public enum CodeRole
{
    /// <summary>A national list code in <c>med_list_codg</c>: drugs, herbs, consumables, service items.</summary>
    List = 1,
    /// <summary>A diagnosis code.</summary>
    Diagnosis,
    /// <summary>An operation code.</summary>
    Operation,
    /// <summary>A chronic-disease code.</summary>
    Disease,
    /// <summary>An institution code.</summary>
    Institution,
    /// <summary>A practitioner code.</summary>
    Practitioner,
}
