namespace KapCare.Web.Fhir.Models;

/// <summary>FHIR R4 Patient (http://hl7.org/fhir/R4/patient.html): the elements KapCare records, and no others.</summary>
public sealed class Patient
{
    public string ResourceType { get; set; } = "Patient";
    public string? Id { get; set; }
    public Meta? Meta { get; set; }
    public Narrative? Text { get; set; }
    public List<Extension>? Extension { get; set; }
    public List<Identifier>? Identifier { get; set; }
    public bool? Active { get; set; }
    public List<HumanName>? Name { get; set; }
    public List<ContactPoint>? Telecom { get; set; }
    public string? Gender { get; set; }
    /// <summary>Kept as text so a partial or impossible date gets KapCare's own OperationOutcome, not a parser message.</summary>
    public string? BirthDate { get; set; }
    public List<Address>? Address { get; set; }
    public List<PatientContact>? Contact { get; set; }
    public List<PatientCommunication>? Communication { get; set; }
}

public sealed class PatientContact
{
    public List<CodeableConcept>? Relationship { get; set; }
    public HumanName? Name { get; set; }
    public List<ContactPoint>? Telecom { get; set; }
}

public sealed class PatientCommunication
{
    public CodeableConcept? Language { get; set; }
    public bool? Preferred { get; set; }
}
