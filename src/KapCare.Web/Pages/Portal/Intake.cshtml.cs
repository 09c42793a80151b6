using KapCare.Web.Features.Intake;
using KapCare.Web.Infrastructure;

namespace KapCare.Web.Pages.Portal;

/// <summary>The patient fills in the intake at home, section by section, saved as they type.</summary>
public sealed class IntakeModel(IntakeService intakes, ClinicClock clock) : IntakePageBase(intakes, clock)
{
    protected override bool ForPatient => true;
    protected override string BaseUrl => "/Portal/Intake";
    protected override Task<Guid?> ResolvePatientAsync(CancellationToken ct) => Task.FromResult<Guid?>(PortalPatient.Id(User));
}
