using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// A prescriber's decision on the titration proposal after a dosing session (issue 10, item 10): one per session,
/// append-only. Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261207110000_TitrationDecisions")]
public sealed class TitrationDecisions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TitrationDecisions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                ProposedDirection = table.Column<string>(maxLength: 16, nullable: false),
                ProposedDose = table.Column<string>(maxLength: 40, nullable: false),
                Proposal = table.Column<string>(maxLength: 2000, nullable: false),
                Decision = table.Column<string>(maxLength: 16, nullable: false),
                DecidedDose = table.Column<string>(maxLength: 40, nullable: false),
                Reason = table.Column<string>(maxLength: 1000, nullable: true),
                DoseChangeId = table.Column<Guid>(nullable: true),
                DecidedAt = table.Column<DateTime>(nullable: false),
                DecidedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                DecidedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TitrationDecisions", x => x.Id);
                table.ForeignKey("FK_TitrationDecisions_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TitrationDecisions_TreatmentPlans_PlanId", x => x.PlanId, "TreatmentPlans", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TitrationDecisions_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_TitrationDecisions_SessionId", "TitrationDecisions", "SessionId", unique: true);
        migrationBuilder.CreateIndex("IX_TitrationDecisions_PlanId", "TitrationDecisions", "PlanId");
        migrationBuilder.CreateIndex("IX_TitrationDecisions_PatientId", "TitrationDecisions", "PatientId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("TitrationDecisions");
}
