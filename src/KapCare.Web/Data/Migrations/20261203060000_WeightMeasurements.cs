using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Weights a clinician vouches for (issue 9, item 3): doses are calculated only from these. Existing intake weights
/// are not carried over — they may have been typed by the patient; a clinician confirms them. Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261203060000_WeightMeasurements")]
public sealed class WeightMeasurements : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WeightMeasurements",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                WeightKg = table.Column<decimal>(precision: 5, scale: 1, nullable: false),
                Source = table.Column<string>(maxLength: 24, nullable: false),
                MeasuredAt = table.Column<DateTime>(nullable: false),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WeightMeasurements", x => x.Id);
                table.ForeignKey("FK_WeightMeasurements_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_WeightMeasurements_PatientId_MeasuredAt", "WeightMeasurements", ["PatientId", "MeasuredAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("WeightMeasurements");
}
