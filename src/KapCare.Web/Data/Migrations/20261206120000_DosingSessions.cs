using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Dosing sessions (issue 10, items 1–2): the session and its state, its state changes, the pre-checks and the vitals
/// flowsheet. Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261206120000_DosingSessions")]
public sealed class DosingSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DosingSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                DosingNumber = table.Column<int>(nullable: false),
                PlannedDate = table.Column<DateOnly>(nullable: false),
                State = table.Column<string>(maxLength: 24, nullable: false),
                PregnancyTestRequired = table.Column<bool>(nullable: false),
                OpenedAt = table.Column<DateTime>(nullable: false),
                CheckedInAt = table.Column<DateTime>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DosingSessions", x => x.Id);
                table.ForeignKey("FK_DosingSessions_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_DosingSessions_TreatmentPlans_PlanId", x => x.PlanId, "TreatmentPlans", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_DosingSessions_PatientId_DosingNumber", "DosingSessions", ["PatientId", "DosingNumber"]);
        migrationBuilder.CreateIndex("IX_DosingSessions_PlannedDate_State", "DosingSessions", ["PlannedDate", "State"]);
        migrationBuilder.CreateIndex("IX_DosingSessions_PlanId", "DosingSessions", "PlanId");

        migrationBuilder.CreateTable(
            name: "SessionEvents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                From = table.Column<string>(maxLength: 24, nullable: false),
                To = table.Column<string>(maxLength: 24, nullable: false),
                Trigger = table.Column<string>(maxLength: 32, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ByName = table.Column<string>(maxLength: 200, nullable: false),
                Reason = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionEvents", x => x.Id);
                table.ForeignKey("FK_SessionEvents_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionEvents_SessionId_At", "SessionEvents", ["SessionId", "At"]);

        migrationBuilder.CreateTable(
            name: "SessionPreChecks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                Item = table.Column<string>(maxLength: 32, nullable: false),
                Value = table.Column<string>(maxLength: 1000, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionPreChecks", x => x.Id);
                table.ForeignKey("FK_SessionPreChecks_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionPreChecks_SessionId_RecordedAt", "SessionPreChecks", ["SessionId", "RecordedAt"]);

        migrationBuilder.CreateTable(
            name: "VitalSigns",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                Phase = table.Column<string>(maxLength: 16, nullable: false),
                MeasuredAt = table.Column<DateTime>(nullable: false),
                Systolic = table.Column<int>(nullable: false),
                Diastolic = table.Column<int>(nullable: false),
                HeartRate = table.Column<int>(nullable: false),
                OxygenSaturation = table.Column<int>(nullable: false),
                RespiratoryRate = table.Column<int>(nullable: false),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_VitalSigns", x => x.Id);
                table.ForeignKey("FK_VitalSigns_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_VitalSigns_SessionId_MeasuredAt", "VitalSigns", ["SessionId", "MeasuredAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("VitalSigns");
        migrationBuilder.DropTable("SessionPreChecks");
        migrationBuilder.DropTable("SessionEvents");
        migrationBuilder.DropTable("DosingSessions");
    }
}
