namespace KapCare.Clinical.Dosing;

/// <summary>
/// The calculator's answer for other systems (issue 10, item 11: <c>kapcare dose</c> and <c>POST /api/dosing/calculate</c>):
/// <c>ok</c>; <c>warn</c> — a soft limit, a body-size or rounding warning, allowed with acknowledgement; <c>block</c> — a
/// hard limit, needs a second prescriber's co-signature; <c>refuse</c> — the input cannot be calculated.
/// </summary>
public sealed record DoseReport(
    string Status,
    decimal? DoseMg,
    decimal? CalculatedMg,
    decimal? VialVolumeMl,
    int? Devices,
    decimal? PumpRateMlPerHour,
    string? Preparation,
    IReadOnlyList<DoseReportMessage> Messages,
    string? Field)
{
    public const string Ok = "ok", Warn = "warn", Block = "block", Refuse = "refuse";

    public static DoseReport From(DoseResult result) => result switch
    {
        DoseRefused refused => new DoseReport(Refuse, null, null, null, null, null, null,
            [new DoseReportMessage(Refuse, refused.Message, "input: " + refused.Field)], refused.Field),
        DoseCalculation calculation => FromCalculation(calculation),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    private static DoseReport FromCalculation(DoseCalculation c)
    {
        var status = c.RequiresCoSignature ? Block : c.Warnings.Count > 0 ? Warn : Ok;
        var messages = new List<DoseReportMessage>
        {
            new(c.Limit.Status switch { LimitStatus.AboveHard => Block, LimitStatus.AboveSoft => Warn, _ => "info" }, c.Limit.Message, c.Limits.Source),
        };
        foreach (var warning in c.Warnings.Where(w => w != c.Limit.Message))
        {
            var source = warning.StartsWith("BMI", StringComparison.Ordinal)
                ? "Devine, Drug Intell Clin Pharm 1974;8:650 (ideal body weight); Bauer, Applied Clinical Pharmacokinetics 2008 (adjusted)"
                : "KapCare rounding: never more than ordered";
            messages.Add(new DoseReportMessage(Warn, warning, source));
        }
        messages.Add(new DoseReportMessage("info", c.Rounding, "KapCare rounding: never more than ordered"));
        var (volume, pump, devices) = c.Preparation switch
        {
            InfusionPreparation iv => ((decimal?)iv.DrawnVolume.Value, (decimal?)iv.PumpRate.Value, (int?)null),
            InjectionPreparation injection => (injection.TotalVolume.Value, null, null),
            OralSolutionPreparation oral => (oral.Volume.Value, null, null),
            EsketaminePreparation esketamine => (null, null, esketamine.Devices),
            _ => ((decimal?)null, (decimal?)null, (int?)null),
        };
        // A blocked dose carries no preparation (issue 9, item 1): no volume to draw, no pump rate, no steps — only why.
        return c.RequiresCoSignature
            ? new DoseReport(status, c.Dose.Value, c.CalculatedDose.Value, null, null, null, null, messages, null)
            : new DoseReport(status, c.Dose.Value, c.CalculatedDose.Value, volume, devices, pump, c.Preparation.Instruction, messages, null);
    }
}

/// <param name="Level"><c>info</c>, <c>warn</c>, <c>block</c> or <c>refuse</c>.</param>
/// <param name="Source">Where the rule comes from (a limit's published source, the formula's paper, or the input field at fault).</param>
public sealed record DoseReportMessage(string Level, string Text, string Source);
