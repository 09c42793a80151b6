using System.Net;
using System.Text.RegularExpressions;
using KapCare.Web.Features.Navigation;
using KapCare.Web.Features.Users;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KapCare.Web.Tests.Navigation;

/// <summary>
/// Issue 9 item 9: the sidebar shows each role only what it may use. The oracle is the role → permission table of
/// docs/decisions/0015 and the pages' own answers: every entry a role is shown opens (200), every entry it is not shown
/// is refused (403) — so the menu can neither hide a page a person needs nor offer one that refuses them.
/// </summary>
public sealed partial class MainMenuTests : IAsyncLifetime
{
    private readonly KapCareTestApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [GeneratedRegex("""<nav aria-label="Main"[^>]*>(?<nav>.*?)</nav>""", RegexOptions.Singleline)]
    private static partial Regex MainNav();

    [GeneratedRegex("<a class=\"nav-link\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex NavLink();

    private static List<string> LinksIn(string html)
    {
        var nav = MainNav().Match(html);
        Assert.True(nav.Success, "the page has no main navigation");
        return NavLink().Matches(nav.Groups["nav"].Value).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value)).ToList();
    }

    [Theory]
    [InlineData(Roles.FrontDesk, new[] { "/", "/Patients", "/Patients/Register", "/Requests" })]
    [InlineData(Roles.Admin, new[] { "/", "/Patients", "/Patients/Register", "/Ledger", "/Admin/Users", "/Admin/Protocols", "/Admin/Settings", "/Admin/Audit" })]
    [InlineData(Roles.Researcher, new[] { "/" })]
    [InlineData(Roles.Therapist, new[] { "/", "/Alerts", "/Tasks", "/Patients" })]
    [InlineData(Roles.Nurse, new[] { "/", "/Alerts", "/Tasks", "/Sessions", "/Sessions/Rems", "/Patients", "/Patients/Register", "/Ledger" })]
    [InlineData(Roles.Prescriber, new[] { "/", "/Alerts", "/Tasks", "/Sessions", "/Sessions/Rems", "/CoSign", "/Patients", "/Patients/Register", "/Ledger" })]
    public async Task Each_role_is_shown_exactly_the_sections_it_may_open(string role, string[] expected)
    {
        var client = await app.SignedInClientAsync(role);

        var links = LinksIn(await client.GetStringAsync("/"));

        Assert.Equal(expected, links);
        foreach (var link in links)
            Assert.True((await client.GetAsync(link)).StatusCode == HttpStatusCode.OK, $"{role} is shown {link} but cannot open it");
        foreach (var hidden in MainMenu.Groups.SelectMany(g => g.Entries).Select(e => e.Href).Except(links))
            Assert.True((await client.GetAsync(hidden)).StatusCode == HttpStatusCode.Forbidden, $"{role} is not shown {hidden} but can open it");
    }

    [GeneratedRegex("href=\"(?<href>/[^\"]*)\"")]
    private static partial Regex LocalLink();

    [Theory]
    [InlineData(Roles.FrontDesk)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Therapist)]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Prescriber)]
    public async Task No_link_on_the_home_page_leads_a_role_to_a_refusal(string role)
    {
        var nurse = await app.SignedInClientAsync(Roles.Nurse);
        await KapCareTestApp.RegisterPatientAsync(nurse, new()
        {
            ["Input.GivenName"] = "Rosa", ["Input.FamilyName"] = "Lindgren", ["Input.BirthDate"] = "1979-05-05", ["Input.Sex"] = "Female",
        });
        var client = await app.SignedInClientAsync(role);

        var home = await client.GetStringAsync("/");

        var links = LocalLink().Matches(home).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value))
            .Where(h => !h.StartsWith("/lib/", StringComparison.Ordinal) && !h.StartsWith("/css/", StringComparison.Ordinal) && !h.StartsWith("/img/", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
            Assert.True((await client.GetAsync(link)).StatusCode != HttpStatusCode.Forbidden, $"the home page offers {role} {link}, which refuses them");
    }

    [Fact]
    public async Task A_person_with_two_roles_sees_both_sets_grouped_by_task_with_their_name_and_the_clinic()
    {
        var user = await app.CreateUserAsync("director@example.test", Roles.Admin, "Dr Ines Okafor");
        await app.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<KapCareUser>>();
            var fresh = await users.FindByIdAsync(user.Id);
            return await users.AddToRoleAsync(fresh!, Roles.Prescriber);
        });
        var client = app.CreateClient();
        await app.SignInAsync(client, "director@example.test");

        var home = await client.GetStringAsync("/");

        Assert.Equal(["/", "/Alerts", "/Tasks", "/Sessions", "/Sessions/Rems", "/CoSign", "/Patients", "/Patients/Register", "/Ledger", "/Admin/Users", "/Admin/Protocols", "/Admin/Settings", "/Admin/Audit"], LinksIn(home));
        var nav = MainNav().Match(home).Groups["nav"].Value;
        Assert.True(nav.IndexOf(">Today<", StringComparison.Ordinal) < nav.IndexOf(">Patients<", StringComparison.Ordinal)
                    && nav.IndexOf(">Patients<", StringComparison.Ordinal) < nav.IndexOf(">Clinic<", StringComparison.Ordinal), "groups out of order");
        Assert.Contains("Dr Ines Okafor", home, StringComparison.Ordinal);
        Assert.Contains("Admin, Prescriber", home, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Patients", "/Patients")]
    [InlineData("/Patients/Register", "/Patients/Register")]
    [InlineData("/Patients/3f0c7a52-8e42-4a8e-9d1d-5b7d0b4a1c11/Intake", "/Patients")]
    [InlineData("/Admin/Users/Create", "/Admin/Users")]
    [InlineData("/Ledger/Inventory", "/Ledger")]
    [InlineData("/", "/")]
    [InlineData("/Account/Manage/Security", null)]
    [InlineData("/Patientsx", null)]
    public void The_current_page_marks_one_entry(string path, string? expected)
    {
        var all = MainMenu.Groups;
        Assert.Equal(expected, MainMenu.ActiveEntry(all, path)?.Href);
    }
}
