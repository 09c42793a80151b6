using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// A password an administrator set must be changed at the next sign-in (issue 9, finding 5). Existing accounts chose or
/// were given their passwords before this was tracked; they are not forced (false). Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261203030000_TemporaryPasswords")]
public sealed class TemporaryPasswords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>(name: "PasswordChangeRequired", table: "AspNetUsers", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("PasswordChangeRequired", "AspNetUsers");
}
