using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Break-glass grants (issue 9, item 4; docs/decisions/0020-emergency-access.md): who opened which patient's clinical
/// record, why, until when, and who reviewed it. Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261206090000_EmergencyAccess")]
public sealed class EmergencyAccesses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "EmergencyAccesses",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<string>(maxLength: 450, nullable: false),
                UserName = table.Column<string>(maxLength: 200, nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                ReviewedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                ReviewedByName = table.Column<string>(maxLength: 200, nullable: true),
                ReviewNote = table.Column<string>(maxLength: 500, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EmergencyAccesses", x => x.Id);
                table.ForeignKey("FK_EmergencyAccesses_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_EmergencyAccesses_UserId_PatientId_ExpiresAt", "EmergencyAccesses", ["UserId", "PatientId", "ExpiresAt"]);
        migrationBuilder.CreateIndex("IX_EmergencyAccesses_ReviewedAt_StartedAt", "EmergencyAccesses", ["ReviewedAt", "StartedAt"]);
        migrationBuilder.CreateIndex("IX_EmergencyAccesses_PatientId", "EmergencyAccesses", "PatientId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("EmergencyAccesses");
}
