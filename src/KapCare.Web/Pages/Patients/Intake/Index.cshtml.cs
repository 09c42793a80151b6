using KapCare.Web.Features.Users;
using KapCare.Web.Data;
using KapCare.Web.Features.Intake;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Intake;

/// <summary>Staff fill in or correct the same intake in the clinic (e.g. measure BP and weight at the first visit).</summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.ClinicalWrite)]
public sealed class IndexModel(IntakeService intakes, ClinicClock clock, KapCareDbContext db) : IntakePageBase(intakes, clock)
{
    public Patient Patient { get; private set; } = null!;
    protected override bool ForPatient => false;
    protected override string BaseUrl => $"/Patients/{Patient.Id}/Intake";

    protected override async Task<Guid?> ResolvePatientAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(RouteData.Values["id"]?.ToString(), out var id)) return null;
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return null;
        Patient = patient;
        return patient.Id;
    }
}
