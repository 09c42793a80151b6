using KapCare.Web.Features.Users;
using System.Globalization;
using KapCare.Clinical.Instruments;
using KapCare.Clinical.Measurement;
using KapCare.Web.Data;
using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Patients.Measures;

/// <summary>Edits a patient's measurement plan; a new plan starts from the default course template.</summary>
[RequiresPermission(Permissions.ClinicalRead)]
[HandlerPermission(HandlerPermissionAttribute.AnyPost, Permissions.ClinicalWrite)]
public sealed class PlanModel(KapCareDbContext db, AuditTrail audit, ClinicClock clock) : PageModel
{
    public sealed class RuleRow
    {
        public int Index { get; set; }
        public string InstrumentId { get; set; } = string.Empty;
        public string ShortName { get; set; } = string.Empty;
        public bool Baseline { get; set; }
        public int? EveryDays { get; set; }
        public string? AfterWeeks { get; set; }
        public int? BeforeDosingEvery { get; set; }
    }

    public Patient Patient { get; private set; } = null!;
    [BindProperty] public DateOnly? Start { get; set; }
    [BindProperty] public DateOnly? End { get; set; }
    [BindProperty] public int Threshold { get; set; } = 2;
    [BindProperty] public int Version { get; set; }
    [BindProperty] public List<RuleRow> Rows { get; set; } = [];
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadPatientAsync(id, ct)) return NotFound();
        var record = await db.MeasurementPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PatientId == id, ct);
        var plan = record?.ToPlan() ?? MeasurementPlan.Default(clock.Today, clock.Today.AddDays(28));
        Start = plan.Start;
        End = plan.CourseEnd;
        Threshold = record?.MissedInARowThreshold ?? 2;
        Version = record?.Version ?? 0;
        Rows = BuildRows(plan.Rules);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadPatientAsync(id, ct)) return NotFound();
        var rules = new List<MeasurementRule>();
        if (Start is null) Errors.Add("Enter the course start date.");
        if (Start is { } s && End is { } e && e < s) Errors.Add("The course cannot end before it starts.");
        if (Threshold is < 1 or > 10) Errors.Add("Raise a task after 1 to 10 missed measurements.");
        foreach (var row in Rows)
        {
            var instrument = InstrumentLibrary.Find(row.InstrumentId);
            if (instrument is null) continue;
            row.ShortName = instrument.ShortName;
            try
            {
                if (row.Baseline) rules.Add(MeasurementRule.Baseline(instrument.Id));
                if (row.EveryDays is int days) rules.Add(MeasurementRule.EveryDays(instrument.Id, days));
                if (!string.IsNullOrWhiteSpace(row.AfterWeeks))
                {
                    var weeks = row.AfterWeeks.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)
                        .Select(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
                    rules.Add(MeasurementRule.AfterCourse(instrument.Id, weeks));
                }
                if (row.BeforeDosingEvery is int nth) rules.Add(MeasurementRule.BeforeDosing(instrument.Id, nth));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                Errors.Add($"{instrument.ShortName}: {ex.ForPeople()}");
            }
        }
        if (Errors.Count > 0) return Page();

        var record = await db.MeasurementPlans.FirstOrDefaultAsync(p => p.PatientId == id, ct);
        if (record is null)
        {
            record = new MeasurementPlanRecord { Id = Guid.CreateVersion7(), PatientId = id, Version = 1 };
            db.MeasurementPlans.Add(record);
        }
        else
        {
            db.Entry(record).Property(p => p.Version).OriginalValue = Version;
        }
        record.StartDate = Start!.Value;
        record.CourseEndDate = End;
        record.MissedInARowThreshold = Threshold;
        record.RulesJson = MeasurementPlanRecord.Serialize(rules);
        record.UpdatedAt = clock.UtcNow;
        audit.Add(AuditActions.MeasurePlanUpdate, AuditOutcome.Success, "MeasurementPlan", record.Id.ToString(), id, string.Join("; ", rules.Select(r => $"{r.InstrumentId} {r.Describe()}")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            Errors.Add("Someone else changed this plan meanwhile. Reload the page to see their version.");
            return Page();
        }
        TempData["Flash"] = "Measurement plan saved.";
        return Redirect($"/Patients/{id}/Measures");
    }

    private static List<RuleRow> BuildRows(IReadOnlyList<MeasurementRule> rules) =>
        InstrumentLibrary.All.Where(i => i.Rater == Rater.Patient || i.Id is "ham-a")
            .Select((instrument, index) =>
            {
                var mine = rules.Where(r => r.InstrumentId == instrument.Id).ToList();
                return new RuleRow
                {
                    Index = index,
                    InstrumentId = instrument.Id,
                    ShortName = instrument.ShortName,
                    Baseline = mine.Any(r => r.Kind == CadenceKind.Baseline),
                    EveryDays = mine.FirstOrDefault(r => r.Kind == CadenceKind.EveryDays)?.Every,
                    AfterWeeks = mine.FirstOrDefault(r => r.Kind == CadenceKind.AfterCourseWeeks) is { } after ? string.Join(", ", after.Weeks!) : null,
                    BeforeDosingEvery = mine.FirstOrDefault(r => r.Kind == CadenceKind.BeforeDosingSessions)?.Every,
                };
            }).ToList();

    private async Task<bool> LoadPatientAsync(Guid id, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null) return false;
        Patient = patient;
        return true;
    }
}
