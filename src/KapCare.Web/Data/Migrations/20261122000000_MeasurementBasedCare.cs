using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Questionnaire responses, their score observations, safety alerts and patient answer links (issue 3). Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122000000_MeasurementBasedCare")]
public sealed class MeasurementBasedCare : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MeasureLinks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                InstrumentIds = table.Column<string>(maxLength: 200, nullable: false),
                TokenHash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                UsedAt = table.Column<DateTime>(nullable: true),
                ReminderDueAt = table.Column<DateTime>(nullable: true),
                ReminderSentAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MeasureLinks", x => x.Id);
                table.ForeignKey("FK_MeasureLinks_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "QuestionnaireResponses",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                InstrumentId = table.Column<string>(maxLength: 32, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Source = table.Column<string>(maxLength: 16, nullable: false),
                AuthoredAt = table.Column<DateTime>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                EnteredByUserId = table.Column<string>(maxLength: 450, nullable: true),
                AnswersJson = table.Column<string>(maxLength: 4000, nullable: false),
                Total = table.Column<int>(nullable: true),
                BandCode = table.Column<string>(maxLength: 32, nullable: true),
                BandLabel = table.Column<string>(maxLength: 64, nullable: true),
                ErrorReason = table.Column<string>(maxLength: 500, nullable: true),
                ReplacedById = table.Column<Guid>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_QuestionnaireResponses", x => x.Id);
                table.ForeignKey("FK_QuestionnaireResponses_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "SafetyAlerts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                ResponseId = table.Column<Guid>(nullable: true),
                Code = table.Column<string>(maxLength: 64, nullable: false),
                Message = table.Column<string>(maxLength: 500, nullable: false),
                Source = table.Column<string>(maxLength: 300, nullable: false),
                RaisedAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                ResolvedAt = table.Column<DateTime>(nullable: true),
                ResolvedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                ResolvedByName = table.Column<string>(maxLength: 200, nullable: true),
                ResolutionNote = table.Column<string>(maxLength: 2000, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SafetyAlerts", x => x.Id);
                table.ForeignKey("FK_SafetyAlerts_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "ScoreObservations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                ResponseId = table.Column<Guid>(nullable: false),
                InstrumentId = table.Column<string>(maxLength: 32, nullable: false),
                CodeSystem = table.Column<string>(maxLength: 64, nullable: false),
                Code = table.Column<string>(maxLength: 64, nullable: false),
                Display = table.Column<string>(maxLength: 128, nullable: false),
                Subscale = table.Column<string>(maxLength: 32, nullable: true),
                Value = table.Column<int>(nullable: true),
                BandCode = table.Column<string>(maxLength: 32, nullable: true),
                BandLabel = table.Column<string>(maxLength: 64, nullable: true),
                EffectiveAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScoreObservations", x => x.Id);
                table.ForeignKey("FK_ScoreObservations_QuestionnaireResponses_ResponseId", x => x.ResponseId, "QuestionnaireResponses", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_MeasureLinks_PatientId", "MeasureLinks", "PatientId");
        migrationBuilder.CreateIndex("IX_MeasureLinks_TokenHash", "MeasureLinks", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_QuestionnaireResponses_PatientId_InstrumentId_AuthoredAt", "QuestionnaireResponses", ["PatientId", "InstrumentId", "AuthoredAt"]);
        migrationBuilder.CreateIndex("IX_SafetyAlerts_PatientId", "SafetyAlerts", "PatientId");
        migrationBuilder.CreateIndex("IX_SafetyAlerts_Status_RaisedAt", "SafetyAlerts", ["Status", "RaisedAt"]);
        migrationBuilder.CreateIndex("IX_ScoreObservations_PatientId_Code_EffectiveAt", "ScoreObservations", ["PatientId", "Code", "EffectiveAt"]);
        migrationBuilder.CreateIndex("IX_ScoreObservations_ResponseId", "ScoreObservations", "ResponseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ScoreObservations");
        migrationBuilder.DropTable("SafetyAlerts");
        migrationBuilder.DropTable("MeasureLinks");
        migrationBuilder.DropTable("QuestionnaireResponses");
    }
}
