namespace KapCare.Web.Data;

/// <summary>
/// A text value longer than its column allows, found before it reaches the database (<see cref="KapCareDbContext"/>): SQLite
/// would store it whole and PostgreSQL would refuse the statement (varchar(n), SQLSTATE 22001), a 500 (issue 9, finding 6).
/// The web layer answers it with a 400 that names the field (<see cref="Infrastructure.FieldTooLongResponses"/>).
/// </summary>
public sealed class FieldTooLongException(string entity, string field, int maxLength, int length)
    : Exception($"{field} is too long: {length} characters, at most {maxLength}.")
{
    /// <summary>The record type, e.g. ConsultationRequest.</summary>
    public string Entity { get; } = entity;

    /// <summary>The field, e.g. Note.</summary>
    public string Field { get; } = field;

    public int MaxLength { get; } = maxLength;
    public int Length { get; } = length;
}
