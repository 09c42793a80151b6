namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Quantity (http://hl7.org/fhir/R4/datatypes.html#Quantity).</summary>
public sealed class Quantity
{
    public decimal? Value { get; set; }
    /// <summary>&lt; | &lt;= | &gt;= | &gt;</summary>
    public string? Comparator { get; set; }
    public string? Unit { get; set; }
    public string? System { get; set; }
    public string? Code { get; set; }
}
