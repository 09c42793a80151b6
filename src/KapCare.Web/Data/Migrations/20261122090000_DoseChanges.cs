using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Dose changes (issue 5, item 3): immutable, each with its reason and any co-signature. Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122090000_DoseChanges")]
public sealed class DoseChanges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DoseChanges",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                FromMgPerKg = table.Column<decimal>(precision: 6, scale: 3, nullable: true),
                FromMg = table.Column<decimal>(precision: 7, scale: 1, nullable: true),
                ToMgPerKg = table.Column<decimal>(precision: 6, scale: 3, nullable: true),
                ToMg = table.Column<decimal>(precision: 7, scale: 1, nullable: true),
                Reason = table.Column<string>(maxLength: 1000, nullable: false),
                ChangedAt = table.Column<DateTime>(nullable: false),
                ChangedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ChangedByName = table.Column<string>(maxLength: 200, nullable: false),
                CoSignedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                CoSignedByName = table.Column<string>(maxLength: 200, nullable: true),
                CoSignReason = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DoseChanges", x => x.Id);
                table.ForeignKey("FK_DoseChanges_TreatmentPlans_PlanId", x => x.PlanId, "TreatmentPlans", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_DoseChanges_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_DoseChanges_PatientId_ChangedAt", "DoseChanges", ["PatientId", "ChangedAt"]);
        migrationBuilder.CreateIndex("IX_DoseChanges_PlanId", "DoseChanges", "PlanId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("DoseChanges");
}
