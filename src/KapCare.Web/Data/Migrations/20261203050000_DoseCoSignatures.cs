using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Co-signatures as the co-signer's own act (issue 9, item 1), and acknowledged soft-limit warnings on dose changes and
/// signed plans (item 8). Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261203050000_DoseCoSignatures")]
public sealed class DoseCoSignatures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DoseCoSignatures",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                DoseMgPerKg = table.Column<decimal>(precision: 6, scale: 3, nullable: true),
                DoseMg = table.Column<decimal>(precision: 7, scale: 1, nullable: true),
                CalculatedMg = table.Column<decimal>(precision: 7, scale: 2, nullable: false),
                WeightKg = table.Column<decimal>(precision: 5, scale: 1, nullable: true),
                LimitMessage = table.Column<string>(maxLength: 1000, nullable: false),
                FromMgPerKg = table.Column<decimal>(precision: 6, scale: 3, nullable: true),
                FromMg = table.Column<decimal>(precision: 7, scale: 1, nullable: true),
                RequestReason = table.Column<string>(maxLength: 1000, nullable: false),
                AcknowledgedWarnings = table.Column<string>(maxLength: 2000, nullable: true),
                RequestedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RequestedByName = table.Column<string>(maxLength: 200, nullable: false),
                RequestedAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Method = table.Column<string>(maxLength: 24, nullable: true),
                CoSignedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                CoSignedByName = table.Column<string>(maxLength: 200, nullable: true),
                CoSignedAt = table.Column<DateTime>(nullable: true),
                CoSignReason = table.Column<string>(maxLength: 1000, nullable: true),
                CoSignedFromIp = table.Column<string>(maxLength: 64, nullable: true),
                WithdrawnAt = table.Column<DateTime>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DoseCoSignatures", x => x.Id);
                table.ForeignKey("FK_DoseCoSignatures_TreatmentPlans_PlanId", x => x.PlanId, "TreatmentPlans", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_DoseCoSignatures_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_DoseCoSignatures_Status_RequestedAt", "DoseCoSignatures", ["Status", "RequestedAt"]);
        migrationBuilder.CreateIndex("IX_DoseCoSignatures_PlanId", "DoseCoSignatures", "PlanId");
        migrationBuilder.CreateIndex("IX_DoseCoSignatures_PatientId", "DoseCoSignatures", "PatientId");

        // An index, not a foreign key: SQLite cannot add a constraint to an existing table without rebuilding it, and a
        // co-signature row is never deleted (the context refuses it).
        migrationBuilder.AddColumn<Guid>(name: "CoSignatureId", table: "DoseChanges", nullable: true);
        migrationBuilder.AddColumn<string>(name: "AcknowledgedWarnings", table: "DoseChanges", maxLength: 2000, nullable: true);
        migrationBuilder.CreateIndex("IX_DoseChanges_CoSignatureId", "DoseChanges", "CoSignatureId");
        migrationBuilder.AddColumn<string>(name: "AcknowledgedWarnings", table: "TreatmentPlans", maxLength: 2000, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("AcknowledgedWarnings", "TreatmentPlans");
        migrationBuilder.DropIndex("IX_DoseChanges_CoSignatureId", "DoseChanges");
        migrationBuilder.DropColumn("AcknowledgedWarnings", "DoseChanges");
        migrationBuilder.DropColumn("CoSignatureId", "DoseChanges");
        migrationBuilder.DropTable("DoseCoSignatures");
    }
}
