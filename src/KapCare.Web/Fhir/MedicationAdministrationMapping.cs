using System.Globalization;
using KapCare.Web.Features.Ledger;
using KapCare.Web.Features.Sessions;
using KapCare.Web.Fhir.Models;
using DosingRoute = KapCare.Clinical.Dosing.Route;
using FhirAdministration = KapCare.Web.Fhir.Models.MedicationAdministration;
using SessionAdministration = KapCare.Web.Features.Sessions.MedicationAdministration;

namespace KapCare.Web.Fhir;

/// <summary>
/// An administration record as FHIR R4 MedicationAdministration: the product (RxNorm) with the lot and expiry it was drawn
/// from as a contained Medication, the dose in mg, the route in SNOMED CT, the pump rate of an infusion, and the
/// Encounter (dosing session) as its context (docs/decisions/0024).
/// </summary>
public static class MedicationAdministrationMapping
{
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Snomed = "http://snomed.info/sct";
    private const string Ucum = ObservationMapping.Ucum;

    /// <summary>
    /// Racemic ketamine: the RxNorm ingredient concept (TTY IN) "ketamine", RxCUI 6130. Its source is the RxNorm ingredient
    /// list as NLM publishes it (RxNav); the lookup tools available here could not open an RxNorm page for it, so the code
    /// was not re-checked against a live release (docs/decisions/0024). The ingredient serves every racemic product, vials and
    /// compounded troches alike.
    /// </summary>
    public static readonly Coding Ketamine = new() { System = RxNorm, Code = "6130", Display = "ketamine" };

    /// <summary>
    /// Esketamine (Spravato): the RxNorm clinical drug form (TTY SCDF) "esketamine Nasal Spray", RxCUI 2201623, as listed in
    /// RxNorm's May 2026 release (ndclist.com/rxnorm/rxcui/2201623, an RxNorm mirror). A dose form concept rather than the
    /// ingredient, because that is the concept the available sources confirmed.
    /// </summary>
    public static readonly Coding Esketamine = new() { System = RxNorm, Code = "2201623", Display = "esketamine Nasal Spray" };

    /// <summary>SNOMED CT route concepts, from HL7's SNOMED CT Route Codes value set (http://hl7.org/fhir/ValueSet/route-codes).</summary>
    public static Coding Route(DosingRoute route) => route switch
    {
        DosingRoute.Intravenous => new Coding { System = Snomed, Code = "47625008", Display = "Intravenous route" },
        DosingRoute.Intramuscular => new Coding { System = Snomed, Code = "78421000", Display = "Intramuscular route" },
        DosingRoute.Subcutaneous => new Coding { System = Snomed, Code = "34206005", Display = "Subcutaneous route" },
        DosingRoute.Sublingual => new Coding { System = Snomed, Code = "37839007", Display = "Sublingual route" },
        DosingRoute.Oral => new Coding { System = Snomed, Code = "26643006", Display = "Oral route" },
        DosingRoute.IntranasalEsketamine => new Coding { System = Snomed, Code = "46713006", Display = "Nasal route" },
    };

    /// <summary>
    /// R4 MedicationAdministration.status (required value set): not stopped yet is in-progress, or on-hold while an infusion
    /// is paused; stopped with the whole dose given is completed; stopped early (less than prepared, with a reason) is stopped.
    /// </summary>
    public static string Status(SessionAdministration a, bool paused) =>
        a.StoppedAt is null ? (paused ? "on-hold" : "in-progress")
        : a.GivenMg is { } given && given < a.OrderedMg ? "stopped"
        : "completed";

    /// <param name="a">The administration record.</param>
    /// <param name="supplies">What it drew from the ledger, in order.</param>
    /// <param name="paused">Whether the infusion is paused now (its last pause has no resume).</param>
    public static FhirAdministration ToFhir(SessionAdministration a, IReadOnlyList<AdministrationSupply> supplies, bool paused)
    {
        var product = ControlledProducts.Find(a.ProductCode);
        var status = Status(a, paused);
        var notes = new List<Annotation>();
        if (a.ReasonOutsidePlan is { } reason)
            notes.Add(new Annotation { Text = string.Create(CultureInfo.InvariantCulture, $"Dose other than the plan's ({a.PlannedRule} = {a.PlannedMg:0.##} mg): {reason}") });
        if (a.CoSignedByName is { } coSigner)
            notes.Add(new Annotation { Text = $"Above the hard limit: co-signed by {coSigner}." });
        var dose = a.GivenMg ?? a.OrderedMg;
        return new FhirAdministration
        {
            Id = a.Id.ToString(),
            Meta = new Meta { VersionId = a.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = PatientMapping.Instant(a.StoppedAt ?? a.StartedAt) },
            Contained = Contained(a, product, supplies),
            Status = status,
            StatusReason = status == "stopped" && a.StopReason is { } why ? [new CodeableConcept { Text = why }] : null,
            MedicationReference = new Reference { Target = "#med", Display = product?.Display ?? Code(a.Route).Display },
            Subject = Reference.To("Patient", a.PatientId),
            Context = Reference.To("Encounter", a.SessionId),
            EffectivePeriod = new Period { Start = PatientMapping.Instant(a.StartedAt), End = a.StoppedAt is { } end ? PatientMapping.Instant(end) : null },
            Performer = [new MedicationAdministrationPerformer { Actor = new Reference { Display = a.RecordedByName } }],
            Note = notes.Count == 0 ? null : notes,
            Dosage = new MedicationAdministrationDosage
            {
                Text = a.Preparation.Length == 0 ? null : a.Preparation,
                Route = new CodeableConcept { Coding = [Route(a.Route)], Text = KapCare.Clinical.Dosing.Routes.Label(a.Route) },
                Dose = new Quantity { Value = dose, Unit = "mg", System = Ucum, Code = "mg" },
                RateQuantity = a.PumpRateMlPerHour is { } rate ? new Quantity { Value = rate, Unit = "mL/h", System = Ucum, Code = "mL/h" } : null,
            },
        };
    }

    public static Coding Code(DosingRoute route) => route == DosingRoute.IntranasalEsketamine ? Esketamine : Ketamine;

    /// <summary>
    /// The product as a contained Medication "#med" with the lot and expiry in batch. R4 Medication.batch holds one lot: a dose
    /// drawn from several lots (two esketamine devices from two boxes) is a Medication made of one contained Medication per lot.
    /// </summary>
    private static List<Medication> Contained(SessionAdministration a, ControlledProduct? product, IReadOnlyList<AdministrationSupply> supplies)
    {
        var code = new CodeableConcept { Coding = [Code(a.Route)], Text = product?.Display };
        var form = product is null ? null : new CodeableConcept { Text = product.FormLabel };
        var lots = supplies.GroupBy(s => (s.LotNumber, s.Expiry)).Select(g => g.Key).ToList();
        static MedicationBatch Batch((string LotNumber, DateOnly Expiry) lot) =>
            new() { LotNumber = lot.LotNumber, ExpirationDate = lot.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (lots.Count <= 1)
            return [new Medication { Id = "med", Code = code, Form = form, Batch = lots.Count == 1 ? Batch(lots[0]) : null }];
        var perLot = lots.Select((lot, i) => new Medication { Id = $"lot-{i + 1}", Code = code, Form = form, Batch = Batch(lot) }).ToList();
        return
        [
            new Medication { Id = "med", Code = code, Form = form, Ingredient = [.. perLot.Select(m => new MedicationIngredient { ItemReference = new Reference { Target = "#" + m.Id } })] },
            .. perLot,
        ];
    }
}
