using KapCare.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Pages.Admin.Users;

public sealed class IndexModel(KapCareDbContext db) : PageModel
{
    public sealed record UserRow(string Id, string DisplayName, string? Email, IReadOnlyList<string> Roles, bool TwoFactor, bool IsActive, bool LockedOut);

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        Users = users.Select(u => new UserRow(u.Id, u.DisplayName, u.Email,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).OrderBy(n => n).ToList(),
            u.TwoFactorEnabled, u.IsActive, u.LockoutEnd > now)).ToList();
    }
}
