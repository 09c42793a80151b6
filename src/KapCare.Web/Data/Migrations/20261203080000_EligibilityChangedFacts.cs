using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// An eligibility decision keeps the intake facts it was made on and the facts the prescriber changed from them, with the
/// reason (issue 9, items 3 and 8). Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261203080000_EligibilityChangedFacts")]
public sealed class EligibilityChangedFacts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "BasisFactsJson", table: "EligibilityDecisions", maxLength: 20000, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ChangedFactsJson", table: "EligibilityDecisions", maxLength: 8000, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ChangeReason", table: "EligibilityDecisions", maxLength: 2000, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("ChangeReason", "EligibilityDecisions");
        migrationBuilder.DropColumn("ChangedFactsJson", "EligibilityDecisions");
        migrationBuilder.DropColumn("BasisFactsJson", "EligibilityDecisions");
    }
}
