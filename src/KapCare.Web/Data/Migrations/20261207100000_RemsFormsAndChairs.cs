using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// The Spravato REMS Patient Monitoring Form's own entries (issue 10, item 7): "could have left at" and its submission; and
/// the chair or room a session is in, for the chair board (item 8). Provider-neutral, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261207100000_RemsFormsAndChairs")]
public sealed class RemsFormsAndChairs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Chair", table: "DosingSessions", maxLength: 32, nullable: true);
        // The chair board reads the sessions in the room now: a few rows by state, however many years are behind them.
        migrationBuilder.CreateIndex("IX_DosingSessions_State_CheckedInAt", "DosingSessions", ["State", "CheckedInAt"]);
        migrationBuilder.CreateTable(
            name: "RemsFormRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SessionId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                CouldHaveLeftAt = table.Column<DateTime>(nullable: true),
                CouldHaveLeftByName = table.Column<string>(maxLength: 200, nullable: true),
                SubmittedAt = table.Column<DateTime>(nullable: true),
                SubmittedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                SubmittedByName = table.Column<string>(maxLength: 200, nullable: true),
                Confirmation = table.Column<string>(maxLength: 64, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RemsFormRecords", x => x.Id);
                table.ForeignKey("FK_RemsFormRecords_DosingSessions_SessionId", x => x.SessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_RemsFormRecords_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_RemsFormRecords_SessionId", "RemsFormRecords", "SessionId", unique: true);
        migrationBuilder.CreateIndex("IX_RemsFormRecords_PatientId", "RemsFormRecords", "PatientId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("RemsFormRecords");
        migrationBuilder.DropIndex("IX_DosingSessions_State_CheckedInAt", "DosingSessions");
        migrationBuilder.DropColumn("Chair", "DosingSessions");
    }
}
