using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Treatment plans (issue 5, item 2): one row per plan version, immutable once signed. Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122080000_TreatmentPlans")]
public sealed class TreatmentPlans : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TreatmentPlans",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanVersion = table.Column<int>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                TemplateId = table.Column<string>(maxLength: 64, nullable: false),
                TemplateVersion = table.Column<int>(nullable: false),
                ProtocolJson = table.Column<string>(maxLength: 20000, nullable: false),
                FirstDosingDate = table.Column<DateOnly>(nullable: false),
                SessionsJson = table.Column<string>(maxLength: 40000, nullable: false),
                ModalitiesJson = table.Column<string>(maxLength: 8000, nullable: false),
                NotesJson = table.Column<string>(maxLength: 4000, nullable: false),
                ModalityNote = table.Column<string>(maxLength: 1000, nullable: true),
                WeightKg = table.Column<decimal>(precision: 5, scale: 1, nullable: true),
                AgeYears = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedByName = table.Column<string>(maxLength: 200, nullable: false),
                SignedAt = table.Column<DateTime>(nullable: true),
                SignedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                SignedByName = table.Column<string>(maxLength: 200, nullable: true),
                SupersededAt = table.Column<DateTime>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TreatmentPlans", x => x.Id);
                table.ForeignKey("FK_TreatmentPlans_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_TreatmentPlans_PatientId_PlanVersion", "TreatmentPlans", ["PatientId", "PlanVersion"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("TreatmentPlans");
}
