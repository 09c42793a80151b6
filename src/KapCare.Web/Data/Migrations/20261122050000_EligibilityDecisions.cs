using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Recorded eligibility decisions (issue 4, item 4): immutable, with the facts, rule-set version and reasons used. Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122050000_EligibilityDecisions")]
public sealed class EligibilityDecisions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "EligibilityDecisions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Outcome = table.Column<string>(maxLength: 16, nullable: false),
                RuleSetVersion = table.Column<string>(maxLength: 32, nullable: false),
                ReasonsJson = table.Column<string>(maxLength: 20000, nullable: false),
                FactsJson = table.Column<string>(maxLength: 20000, nullable: false),
                Note = table.Column<string>(maxLength: 2000, nullable: true),
                OverriddenRuleIds = table.Column<string>(maxLength: 500, nullable: true),
                OverrideJustification = table.Column<string>(maxLength: 2000, nullable: true),
                DecidedAt = table.Column<DateTime>(nullable: false),
                DecidedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                DecidedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EligibilityDecisions", x => x.Id);
                table.ForeignKey("FK_EligibilityDecisions_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_EligibilityDecisions_PatientId_DecidedAt", "EligibilityDecisions", ["PatientId", "DecidedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("EligibilityDecisions");
}
