namespace KapCare.Web.Data;

/// <summary>An ASP.NET Core data-protection key, kept in the database so every app instance shares the cookie keys.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = string.Empty;
}
