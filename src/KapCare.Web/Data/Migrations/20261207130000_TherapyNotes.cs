using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Preparation and integration notes, signed and immutable, and their amendments (issue 11, items 1–2). Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261207130000_TherapyNotes")]
public sealed class TherapyNotes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "TherapyNotes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                PlanId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                DosingSessionId = table.Column<Guid>(nullable: true),
                Modality = table.Column<string>(maxLength: 16, nullable: true),
                ContentJson = table.Column<string>(maxLength: 64000, nullable: false),
                SignedAt = table.Column<DateTime>(nullable: false),
                SignedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                SignedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TherapyNotes", x => x.Id);
                table.ForeignKey("FK_TherapyNotes_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TherapyNotes_TreatmentPlans_PlanId", x => x.PlanId, "TreatmentPlans", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_TherapyNotes_DosingSessions_DosingSessionId", x => x.DosingSessionId, "DosingSessions", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_TherapyNotes_PatientId_SignedAt", "TherapyNotes", ["PatientId", "SignedAt"]);
        migrationBuilder.CreateIndex("IX_TherapyNotes_DosingSessionId", "TherapyNotes", "DosingSessionId");
        migrationBuilder.CreateIndex("IX_TherapyNotes_PlanId", "TherapyNotes", "PlanId");

        migrationBuilder.CreateTable(
            name: "TherapyNoteAmendments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                NoteId = table.Column<Guid>(nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TherapyNoteAmendments", x => x.Id);
                table.ForeignKey("FK_TherapyNoteAmendments_TherapyNotes_NoteId", x => x.NoteId, "TherapyNotes", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_TherapyNoteAmendments_NoteId", "TherapyNoteAmendments", "NoteId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TherapyNoteAmendments");
        migrationBuilder.DropTable("TherapyNotes");
    }
}
