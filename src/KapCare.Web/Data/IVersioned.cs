namespace KapCare.Web.Data;

/// <summary>
/// An editable record with an optimistic-concurrency version. The context increments it on every
/// update and checks the original on save, so two people editing one record never silently lose a
/// change: the second save fails with a conflict. It is also the FHIR <c>meta.versionId</c> and ETag.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
