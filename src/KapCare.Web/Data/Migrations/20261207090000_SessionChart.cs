using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// The rest of the dosing-session chart (issue 10, items 3–6): the administration record with its lot draws and events,
/// sedation and nausea on the flowsheet, adverse events, the discharge checklist, the nurse's discharge and the
/// prescriber's signature, and amendments. Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261207090000_SessionChart")]
public sealed class SessionChart : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "DischargedAt", table: "DosingSessions", nullable: true);
        migrationBuilder.AddColumn<string>(name: "DischargedByUserId", table: "DosingSessions", maxLength: 450, nullable: true);
        migrationBuilder.AddColumn<string>(name: "DischargedByName", table: "DosingSessions", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<int>(name: "MonitoringMinutes", table: "DosingSessions", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "SignedAt", table: "DosingSessions", nullable: true);
        migrationBuilder.AddColumn<string>(name: "SignedByUserId", table: "DosingSessions", maxLength: 450, nullable: true);
        migrationBuilder.AddColumn<string>(name: "SignedByName", table: "DosingSessions", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<int>(name: "Sedation", table: "VitalSigns", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Nausea", table: "VitalSigns", maxLength: 16, nullable: true);

        migrationBuilder.CreateTable(
            name: "MedicationAdministrations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                Route = table.Column<string>(maxLength: 24, nullable: false),
                ProductCode = table.Column<string>(maxLength: 40, nullable: false),
                PlannedRule = table.Column<string>(maxLength: 40, nullable: false),
                PlannedMg = table.Column<decimal>(precision: 7, scale: 2, nullable: false),
                WeightKg = table.Column<decimal>(precision: 5, scale: 1, nullable: true),
                OrderedMg = table.Column<decimal>(precision: 7, scale: 2, nullable: false),
                ReasonOutsidePlan = table.Column<string>(maxLength: 2000, nullable: true),
                AcknowledgedWarnings = table.Column<string>(maxLength: 2000, nullable: true),
                CoSignatureId = table.Column<Guid>(nullable: true),
                CoSignedByName = table.Column<string>(maxLength: 200, nullable: true),
                DrawnVolumeMl = table.Column<decimal>(precision: 7, scale: 2, nullable: true),
                PumpRateMlPerHour = table.Column<decimal>(precision: 7, scale: 1, nullable: true),
                InfusionMinutes = table.Column<int>(nullable: true),
                Devices = table.Column<int>(nullable: true),
                Preparation = table.Column<string>(maxLength: 2000, nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                StoppedAt = table.Column<DateTime>(nullable: true),
                GivenMg = table.Column<decimal>(precision: 7, scale: 2, nullable: true),
                StopReason = table.Column<string>(maxLength: 2000, nullable: true),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
                StoppedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                StoppedByName = table.Column<string>(maxLength: 200, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MedicationAdministrations", x => x.Id);
                table.ForeignKey("FK_MedicationAdministrations_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_MedicationAdministrations_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_MedicationAdministrations_SessionId", "MedicationAdministrations", "SessionId", unique: true);
        migrationBuilder.CreateIndex("IX_MedicationAdministrations_PatientId_StartedAt", "MedicationAdministrations", ["PatientId", "StartedAt"]);

        migrationBuilder.CreateTable(
            name: "AdministrationSupplies",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AdministrationId = table.Column<Guid>(nullable: false),
                LotId = table.Column<Guid>(nullable: false),
                LotNumber = table.Column<string>(maxLength: 40, nullable: false),
                Expiry = table.Column<DateOnly>(nullable: false),
                Quantity = table.Column<decimal>(precision: 9, scale: 2, nullable: false),
                LedgerEntryId = table.Column<Guid>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AdministrationSupplies", x => x.Id);
                table.ForeignKey("FK_AdministrationSupplies_MedicationAdministrations_AdministrationId", x => x.AdministrationId, "MedicationAdministrations", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_AdministrationSupplies_LedgerLots_LotId", x => x.LotId, "LedgerLots", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_AdministrationSupplies_LedgerEntries_LedgerEntryId", x => x.LedgerEntryId, "LedgerEntries", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_AdministrationSupplies_AdministrationId", "AdministrationSupplies", "AdministrationId");
        migrationBuilder.CreateIndex("IX_AdministrationSupplies_LedgerEntryId", "AdministrationSupplies", "LedgerEntryId", unique: true);
        migrationBuilder.CreateIndex("IX_AdministrationSupplies_LotId", "AdministrationSupplies", "LotId");

        migrationBuilder.CreateTable(
            name: "AdministrationEvents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AdministrationId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                DeviceNumber = table.Column<int>(nullable: true),
                Reason = table.Column<string>(maxLength: 2000, nullable: true),
                ByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AdministrationEvents", x => x.Id);
                table.ForeignKey("FK_AdministrationEvents_MedicationAdministrations_AdministrationId", x => x.AdministrationId, "MedicationAdministrations", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_AdministrationEvents_AdministrationId_At", "AdministrationEvents", ["AdministrationId", "At"]);

        migrationBuilder.CreateTable(
            name: "SessionDischargeChecks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                Item = table.Column<string>(maxLength: 32, nullable: false),
                Value = table.Column<bool>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionDischargeChecks", x => x.Id);
                table.ForeignKey("FK_SessionDischargeChecks_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionDischargeChecks_SessionId_RecordedAt", "SessionDischargeChecks", ["SessionId", "RecordedAt"]);

        migrationBuilder.CreateTable(
            name: "SessionAdverseEvents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                SupersedesId = table.Column<Guid>(nullable: true),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Severity = table.Column<string>(maxLength: 16, nullable: false),
                Serious = table.Column<bool>(nullable: false),
                OnsetAt = table.Column<DateTime>(nullable: false),
                ActionTaken = table.Column<string>(maxLength: 2000, nullable: false),
                Outcome = table.Column<string>(maxLength: 24, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionAdverseEvents", x => x.Id);
                table.ForeignKey("FK_SessionAdverseEvents_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_SessionAdverseEvents_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionAdverseEvents_SessionId_RecordedAt", "SessionAdverseEvents", ["SessionId", "RecordedAt"]);
        migrationBuilder.CreateIndex("IX_SessionAdverseEvents_PatientId_OnsetAt", "SessionAdverseEvents", ["PatientId", "OnsetAt"]);
        migrationBuilder.CreateIndex("IX_SessionAdverseEvents_SupersedesId", "SessionAdverseEvents", "SupersedesId", unique: true);

        migrationBuilder.CreateTable(
            name: "SessionAmendments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SessionAmendments", x => x.Id);
                table.ForeignKey("FK_SessionAmendments_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SessionAmendments_SessionId_At", "SessionAmendments", ["SessionId", "At"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("SessionAmendments");
        migrationBuilder.DropTable("SessionAdverseEvents");
        migrationBuilder.DropTable("SessionDischargeChecks");
        migrationBuilder.DropTable("AdministrationEvents");
        migrationBuilder.DropTable("AdministrationSupplies");
        migrationBuilder.DropTable("MedicationAdministrations");
        migrationBuilder.DropColumn("Nausea", "VitalSigns");
        migrationBuilder.DropColumn("Sedation", "VitalSigns");
        foreach (var column in new[] { "SignedByName", "SignedByUserId", "SignedAt", "MonitoringMinutes", "DischargedByName", "DischargedByUserId", "DischargedAt" })
            migrationBuilder.DropColumn(column, "DosingSessions");
    }
}
