using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace KapCare.Web.Fhir;

/// <summary>
/// A FHIR date search value (http://hl7.org/fhir/R4/search.html#date): an optional prefix and a date or
/// date-time that names a range as wide as its precision (a year, a month, a day, a minute, a second).
/// The prefix compares the range with the target's own as search.html#prefix defines it.
/// </summary>
public sealed partial record DateSearch(string Prefix, DateTime First, DateTime Last, TimeSpan? Offset, bool HasTime)
{
    public static readonly IReadOnlyList<string> Prefixes = ["eq", "ne", "lt", "gt", "le", "ge"];

    /// <summary>
    /// Parses <paramref name="value"/>. <see cref="First"/> and <see cref="Last"/> are the first and last tick of
    /// the named range, as written (local to <see cref="Offset"/> when one is given). Without
    /// <paramref name="allowTime"/> only YYYY, YYYY-MM and YYYY-MM-DD are taken (a birth date has no time).
    /// </summary>
    public static (DateSearch? Value, string? Error) Parse(string name, string value, bool allowTime)
    {
        // A '+' in a query string arrives as a space unless the client encoded it (%2B); put it back.
        var text = SpaceBeforeOffset().Replace(value, "+$1");
        var m = (allowTime ? DateTimePattern() : DatePattern()).Match(text);
        var formats = allowTime
            ? "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]"
            : "YYYY, YYYY-MM or YYYY-MM-DD";
        if (!m.Success)
            return (null, $"{name} takes {formats} with an optional prefix {string.Join(", ", Prefixes)}, e.g. ge{(allowTime ? "2026-01-01" : "1980-01-01")} (received '{value}').");
        var prefix = m.Groups["prefix"].Success ? m.Groups["prefix"].Value : "eq";
        if (!Prefixes.Contains(prefix))
            return (null, $"The {name} prefix '{prefix}' is not supported; use {string.Join(", ", Prefixes)}.");

        int Part(string group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : -1;
        var (year, month, day, hour, minute, second) = (Part("year"), Part("month"), Part("day"), Part("hour"), Part("minute"), Part("second"));
        if (year < 1 || (month >= 0 && month is < 1 or > 12) || (day >= 0 && (day < 1 || day > DateTime.DaysInMonth(year, month)))
            || hour > 23 || minute > 59 || second > 59)
            return (null, $"{name} '{value}' is not a date that exists.");

        TimeSpan? offset = null;
        if (m.Groups["zone"].Success)
        {
            var zone = m.Groups["zone"].Value;
            if (zone == "Z") offset = TimeSpan.Zero;
            else
            {
                var hours = int.Parse(zone[1..3], CultureInfo.InvariantCulture);
                var minutes = int.Parse(zone[4..6], CultureInfo.InvariantCulture);
                if (hours > 14 || minutes > 59) return (null, $"{name} '{value}' has a time-zone offset that does not exist.");
                offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
            }
        }

        var first = new DateTime(year, Math.Max(month, 1), Math.Max(day, 1), Math.Max(hour, 0), Math.Max(minute, 0), Math.Max(second, 0), DateTimeKind.Unspecified);
        DateTime last;
        if (m.Groups["fraction"].Success)
        {
            // Seven digits are a tick; finer digits name a range within one tick.
            var digits = m.Groups["fraction"].Value;
            var ticks = long.Parse(digits.Length > 7 ? digits[..7] : digits.PadRight(7, '0'), CultureInfo.InvariantCulture);
            first = first.AddTicks(ticks);
            last = first.AddTicks(Math.Max(0, (long)Math.Pow(10, 7 - Math.Min(7, digits.Length)) - 1));
        }
        else
        {
            // The last tick of the range, computed without stepping past 9999-12-31 (DateTime's end).
            var end = second >= 0 ? first.AddTicks(TimeSpan.TicksPerSecond - 1)
                : minute >= 0 ? first.AddTicks(TimeSpan.TicksPerMinute - 1)
                : day >= 0 ? first.AddTicks(TimeSpan.TicksPerDay - 1)
                : month >= 0 ? new DateTime(year, month, DateTime.DaysInMonth(year, month)).AddTicks(TimeSpan.TicksPerDay - 1)
                : new DateTime(year, 12, 31).AddTicks(TimeSpan.TicksPerDay - 1);
            last = DateTime.SpecifyKind(end, DateTimeKind.Unspecified);
        }
        return (new DateSearch(prefix, first, last, offset, hour >= 0), null);
    }

    /// <summary>The range as dates, for a target that is itself a date (a birth date).</summary>
    public (DateOnly First, DateOnly Last) Dates => (DateOnly.FromDateTime(First), DateOnly.FromDateTime(Last));

    /// <summary>
    /// The range as UTC instants. A value without an offset is read in the clinic's time zone, where KapCare shows
    /// its times (FHIR search.html#date leaves a value without a zone to the server).
    /// </summary>
    public (DateTime First, DateTime Last) UtcRange(TimeZoneInfo clinicZone) =>
        (ToUtc(First, Offset ?? clinicZone.GetUtcOffset(First)), ToUtc(Last, Offset ?? clinicZone.GetUtcOffset(Last)));

    /// <summary>
    /// The filter the prefix means for a target that is a point (or a one-day range for dates) inside
    /// [<paramref name="first"/>, <paramref name="last"/>], both inclusive.
    /// </summary>
    public Expression<Func<T, bool>> Matches<T, TValue>(Expression<Func<T, TValue>> target, TValue first, TValue last)
    {
        // Read through a closure so the bounds become query parameters, not constants in the SQL.
        var bounds = new Bounds<TValue>(first, last);
        Expression lo = Expression.Property(Expression.Constant(bounds), nameof(Bounds<TValue>.First));
        Expression hi = Expression.Property(Expression.Constant(bounds), nameof(Bounds<TValue>.Last));
        var x = target.Body;
        Expression body = Prefix switch
        {
            "eq" => Expression.AndAlso(Expression.GreaterThanOrEqual(x, lo), Expression.LessThanOrEqual(x, hi)),
            "ne" => Expression.OrElse(Expression.LessThan(x, lo), Expression.GreaterThan(x, hi)),
            "lt" => Expression.LessThan(x, lo),
            "gt" => Expression.GreaterThan(x, hi),
            "le" => Expression.LessThanOrEqual(x, hi),
            "ge" => Expression.GreaterThanOrEqual(x, lo),
            _ => throw new InvalidOperationException($"Prefix '{Prefix}' was accepted by Parse but has no meaning here."),
        };
        return Expression.Lambda<Func<T, bool>>(body, target.Parameters);
    }

    private static DateTime ToUtc(DateTime local, TimeSpan offset)
    {
        // Clamped, so a search at the ends of the calendar (0001, 9999) still answers instead of overflowing.
        var ticks = Math.Clamp(local.Ticks - offset.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    private sealed record Bounds<TValue>(TValue First, TValue Last);

    [GeneratedRegex(@"^(?<prefix>[a-z]{2})?(?<year>[0-9]{4})(-(?<month>[0-9]{2})(-(?<day>[0-9]{2}))?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<prefix>[a-z]{2})?(?<year>[0-9]{4})(-(?<month>[0-9]{2})(-(?<day>[0-9]{2})(T(?<hour>[0-9]{2}):(?<minute>[0-9]{2})(:(?<second>[0-9]{2})(\.(?<fraction>[0-9]{1,9}))?)?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@" ([0-9]{2}:[0-9]{2})$")]
    private static partial Regex SpaceBeforeOffset();
}
