using KapCare.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Demo;

/// <summary>
/// The demo clinic's past: a clinic clock stopped at a given moment, so records made through the real handlers (decisions,
/// plans, dose changes) carry the dates they would have had, weeks before today.
/// </summary>
public static class DemoTime
{
    public static ClinicClock At(DateTime utc, IOptions<ClinicOptions> clinic) => new(new FixedTime(utc), clinic);

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
