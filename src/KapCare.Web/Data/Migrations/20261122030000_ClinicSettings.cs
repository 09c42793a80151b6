using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Clinic-wide settings an admin edits in the app (first: change conventions). Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122030000_ClinicSettings")]
public sealed class ClinicSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ClinicSettings",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 100, nullable: false),
                Value = table.Column<string>(maxLength: 2000, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedByName = table.Column<string>(maxLength: 200, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ClinicSettings", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ClinicSettings");
}
