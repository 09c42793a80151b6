using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Links a portal account to its patient record (issue 3, item 2). Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122020000_PortalAccounts")]
public sealed class PortalAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>(name: "PatientId", table: "AspNetUsers", nullable: true);
        migrationBuilder.CreateIndex("IX_AspNetUsers_PatientId", "AspNetUsers", "PatientId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_AspNetUsers_PatientId", "AspNetUsers");
        migrationBuilder.DropColumn("PatientId", "AspNetUsers");
    }
}
