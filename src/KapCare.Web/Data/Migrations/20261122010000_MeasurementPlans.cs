using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Measurement plans per patient and care-team tasks (issue 3, item 3). Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122010000_MeasurementPlans")]
public sealed class MeasurementPlans : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CareTasks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                Key = table.Column<string>(maxLength: 128, nullable: false),
                Title = table.Column<string>(maxLength: 300, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                DoneAt = table.Column<DateTime>(nullable: true),
                DoneByName = table.Column<string>(maxLength: 200, nullable: true),
                DoneNote = table.Column<string>(maxLength: 1000, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CareTasks", x => x.Id);
                table.ForeignKey("FK_CareTasks_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "MeasurementPlans",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                StartDate = table.Column<DateOnly>(nullable: false),
                CourseEndDate = table.Column<DateOnly>(nullable: true),
                RulesJson = table.Column<string>(maxLength: 4000, nullable: false),
                MissedInARowThreshold = table.Column<int>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MeasurementPlans", x => x.Id);
                table.ForeignKey("FK_MeasurementPlans_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_CareTasks_PatientId_Key", "CareTasks", ["PatientId", "Key"], unique: true);
        migrationBuilder.CreateIndex("IX_CareTasks_Status_CreatedAt", "CareTasks", ["Status", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_MeasurementPlans_PatientId", "MeasurementPlans", "PatientId", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CareTasks");
        migrationBuilder.DropTable("MeasurementPlans");
    }
}
