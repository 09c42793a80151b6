using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Consultation requests from the public self-screen (issue 4, item 1), with their answers and queue status. Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122060000_ConsultationRequests")]
public sealed class ConsultationRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ConsultationRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Email = table.Column<string>(maxLength: 254, nullable: true),
                Phone = table.Column<string>(maxLength: 40, nullable: true),
                PreferredTimes = table.Column<string>(maxLength: 500, nullable: true),
                Note = table.Column<string>(maxLength: 2000, nullable: true),
                Gad7AnswersJson = table.Column<string>(maxLength: 200, nullable: false),
                ScreenAnswersJson = table.Column<string>(maxLength: 1000, nullable: false),
                SelfHarmAnswer = table.Column<int>(nullable: false),
                Gad7Total = table.Column<int>(nullable: false),
                Gad7BandCode = table.Column<string>(maxLength: 32, nullable: false),
                Outcome = table.Column<string>(maxLength: 24, nullable: false),
                ShowedCrisisResources = table.Column<bool>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                ContactedAt = table.Column<DateTime>(nullable: true),
                ContactedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                ContactedByName = table.Column<string>(maxLength: 200, nullable: true),
                ContactNote = table.Column<string>(maxLength: 2000, nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true),
                ClosedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                ClosedByName = table.Column<string>(maxLength: 200, nullable: true),
                ClosedNote = table.Column<string>(maxLength: 2000, nullable: true),
                PatientId = table.Column<Guid>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConsultationRequests", x => x.Id);
                table.ForeignKey("FK_ConsultationRequests_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_ConsultationRequests_PatientId", "ConsultationRequests", "PatientId");
        migrationBuilder.CreateIndex("IX_ConsultationRequests_Status_SubmittedAt", "ConsultationRequests", ["Status", "SubmittedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ConsultationRequests");
}
