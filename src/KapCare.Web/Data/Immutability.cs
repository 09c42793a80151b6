using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KapCare.Web.Data;

/// <summary>
/// A record that is never changed or deleted once saved: a correction is a new record (audit entries, recorded
/// decisions, dose changes, weighings, signed consents). The context refuses the change with <see cref="Refusal"/>,
/// which says what to do instead; the next records of this kind (signed dosing sessions, ledger entries, signed notes)
/// need only the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AppendOnlyAttribute(string refusal) : Attribute
{
    public string Refusal { get; } = refusal;

    private static readonly ConcurrentDictionary<Type, string?> ByType = new();

    /// <summary>The refusal for an entity type, or null when it is not append-only (looked up once per type).</summary>
    public static string? For(Type type) => ByType.GetOrAdd(type, t => t.GetCustomAttribute<AppendOnlyAttribute>()?.Refusal);
}

/// <summary>
/// A record that becomes immutable at a point in its life — a plan when signed, a co-signature when settled. The record
/// itself says which changes are still allowed, so the rule sits beside the states it is about.
/// </summary>
public interface ISealableRecord
{
    /// <summary>Why this change (<paramref name="entry"/> is Modified or Deleted, with its original values) is refused, or null when it is allowed.</summary>
    string? RefuseChange(EntityEntry entry);
}
