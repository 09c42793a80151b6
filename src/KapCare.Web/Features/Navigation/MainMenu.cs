using System.Security.Claims;
using KapCare.Web.Features.Users;

namespace KapCare.Web.Features.Navigation;

/// <summary>Which count, if any, a menu entry shows beside its title (computed per request by the layout).</summary>
public enum MenuCount { None, OpenAlerts, OpenTasks, PendingCoSignatures, NewRequests }

/// <summary>
/// One entry of the main menu. <see cref="Permission"/> is the permission the target page itself demands, so the menu
/// shows a person exactly what they may open (Navigation/MainMenuTests follows every entry for every role).
/// </summary>
public sealed record MenuEntry(string Title, string Href, string Icon, string Permission, MenuCount Count = MenuCount.None)
{
    /// <summary>Home is active only on "/", every other entry on its own path and the pages below it.</summary>
    public bool IsActiveFor(string path) =>
        Href == "/" ? path == "/" : path.Equals(Href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(Href + "/", StringComparison.OrdinalIgnoreCase);
}

public sealed record MenuGroup(string Title, IReadOnlyList<MenuEntry> Entries);

/// <summary>
/// The staff sidebar, grouped by the task a person comes to do rather than by module (docs/decisions/0021): the day's
/// work first, then finding a patient, then running the clinic. The groups are data, so the sections the next issues
/// add (dosing sessions, schedule, outcomes, billing, ledger) are one line each and the vertical sidebar has room for them.
/// </summary>
public static class MainMenu
{
    public static readonly IReadOnlyList<MenuGroup> Groups =
    [
        new("Today",
        [
            new("Home", "/", "ti-home", Permissions.SignedIn),
            new("Safety alerts", "/Alerts", "ti-alert-octagon", Permissions.ClinicalRead, MenuCount.OpenAlerts),
            new("Care tasks", "/Tasks", "ti-checklist", Permissions.ClinicalRead, MenuCount.OpenTasks),
            new("Dosing room", "/Sessions", "ti-armchair", Permissions.SessionRun),
            new("REMS forms", "/Sessions/Rems", "ti-file-certificate", Permissions.SessionRun),
            new("Co-signatures", "/CoSign", "ti-writing-sign", Permissions.DoseOrder, MenuCount.PendingCoSignatures),
        ]),
        new("Patients",
        [
            new("Find a patient", "/Patients", "ti-users", Permissions.DemographicsRead),
            new("Register a patient", "/Patients/Register", "ti-user-plus", Permissions.DemographicsWrite),
            new("Consultation requests", "/Requests", "ti-inbox", Permissions.RequestsManage, MenuCount.NewRequests),
        ]),
        new("Clinic",
        [
            new("Controlled substances", "/Ledger", "ti-pill", Permissions.LedgerRead),
            new("Users", "/Admin/Users", "ti-user-cog", Permissions.UsersManage),
            new("Protocols", "/Admin/Protocols", "ti-list-details", Permissions.ProtocolsManage),
            new("Settings", "/Admin/Settings", "ti-settings", Permissions.SettingsManage),
            new("Audit log", "/Admin/Audit", "ti-list-search", Permissions.AuditRead),
        ]),
    ];

    /// <summary>
    /// The groups and entries this person may use; a group with nothing left is dropped. Only the person's own roles
    /// count: an emergency-access grant opens one patient's chart, not the clinic's alert or task lists.
    /// </summary>
    public static IReadOnlyList<MenuGroup> For(ClaimsPrincipal user) =>
        Groups.Select(g => g with { Entries = g.Entries.Where(e => user.HasOwn(e.Permission)).ToList() })
              .Where(g => g.Entries.Count > 0)
              .ToList();

    /// <summary>The one entry the current page belongs to: the longest matching path, so /Patients/Register is not also "Find a patient".</summary>
    public static MenuEntry? ActiveEntry(IEnumerable<MenuGroup> groups, string path) =>
        groups.SelectMany(g => g.Entries).Where(e => e.IsActiveFor(path)).MaxBy(e => e.Href.Length);
}
