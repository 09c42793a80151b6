using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>Signed consents (issue 4, item 5): immutable, one per patient, document and version. Provider-neutral, see 0003.</summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261122040000_SignedConsents")]
public sealed class SignedConsents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SignedConsents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                DocumentId = table.Column<string>(maxLength: 64, nullable: false),
                DocumentVersion = table.Column<string>(maxLength: 32, nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Text = table.Column<string>(maxLength: 20000, nullable: false),
                TextSha256 = table.Column<string>(maxLength: 64, nullable: false),
                SignedName = table.Column<string>(maxLength: 200, nullable: false),
                SignedAt = table.Column<DateTime>(nullable: false),
                IpAddress = table.Column<string>(maxLength: 64, nullable: true),
                Method = table.Column<string>(maxLength: 16, nullable: false),
                SignedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                WitnessUserId = table.Column<string>(maxLength: 450, nullable: true),
                WitnessName = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SignedConsents", x => x.Id);
                table.ForeignKey("FK_SignedConsents_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_SignedConsents_PatientId_DocumentId_DocumentVersion", "SignedConsents", ["PatientId", "DocumentId", "DocumentVersion"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("SignedConsents");
}
