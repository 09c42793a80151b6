using Microsoft.Extensions.Options;

namespace KapCare.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the clinic's time zone (DESIGN.md).</summary>
public sealed class ClinicClock(TimeProvider time, IOptions<ClinicOptions> clinic)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(clinic.Value.TimeZone);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    public TimeZoneInfo Zone => zone;
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
    public DateOnly Today => DateOnly.FromDateTime(ToLocal(UtcNow));

    /// <summary>A clinic-local date and time as UTC.</summary>
    public DateTime ToUtc(DateOnly date, TimeOnly time) => TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), zone);

    public string Format(DateTime utc) => ToLocal(utc).ToString("d MMM yyyy, h:mm tt", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The time of day in the clinic's zone, written as <see cref="Format"/> writes it ("5:00 PM").</summary>
    public string FormatTime(DateTime utc) => ToLocal(utc).ToString("h:mm tt", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"3 min ago", "yesterday", "in 2 h": relative time where it helps people read a list.</summary>
    public string Relative(DateTime utc)
    {
        var delta = UtcNow - utc;
        var future = delta < TimeSpan.Zero;
        var span = future ? -delta : delta;
        if (span.TotalSeconds < 60) return "just now";
        if (span.TotalDays >= 30) return ToLocal(utc).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        if (span.TotalHours >= 24 && span.TotalDays < 2) return future ? "tomorrow" : "yesterday";
        var amount = span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 24 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} days";
        return future ? $"in {amount}" : $"{amount} ago";
    }
}
