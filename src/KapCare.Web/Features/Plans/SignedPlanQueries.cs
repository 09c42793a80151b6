using KapCare.Clinical.Plans;
using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Features.Plans;

public static class SignedPlanQueries
{
    /// <summary>The dosing dates of the patient's signed treatment plan, in order; empty when no plan is signed.</summary>
    public static async Task<IReadOnlyList<DateOnly>> SignedDosingDatesAsync(this KapCareDbContext db, Guid patientId, CancellationToken ct)
    {
        var plan = await db.TreatmentPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == patientId && p.Status == PlanStatus.Signed, ct);
        return plan?.Sessions.Where(s => s.Kind == SessionKind.Dosing).Select(s => s.Date).Order().ToList() ?? [];
    }
}
