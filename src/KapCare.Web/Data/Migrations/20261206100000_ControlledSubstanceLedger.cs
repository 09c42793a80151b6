using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// The controlled-substance ledger (issue 10 item 9; docs/decisions/0022): lots as received and the append-only,
/// hash-chained entries, with triggers that refuse UPDATE and DELETE of either in the database itself, as for the audit
/// log (0017). Provider-neutral columns, see 0003.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261206100000_ControlledSubstanceLedger")]
public sealed class ControlledSubstanceLedger : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "LedgerLots",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ProductCode = table.Column<string>(maxLength: 40, nullable: false),
                LotNumber = table.Column<string>(maxLength: 40, nullable: false),
                Expiry = table.Column<DateOnly>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_LedgerLots", x => x.Id));
        migrationBuilder.CreateIndex("IX_LedgerLots_ProductCode_LotNumber", "LedgerLots", ["ProductCode", "LotNumber"], unique: true);

        migrationBuilder.CreateTable(
            name: "LedgerEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Sequence = table.Column<long>(nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                Kind = table.Column<string>(maxLength: 24, nullable: false),
                LotId = table.Column<Guid>(nullable: false),
                ProductCode = table.Column<string>(maxLength: 40, nullable: false),
                LotNumber = table.Column<string>(maxLength: 40, nullable: false),
                Expiry = table.Column<DateOnly>(nullable: false),
                Change = table.Column<long>(nullable: false),
                BalanceAfter = table.Column<long>(nullable: false),
                Counted = table.Column<long>(nullable: true),
                RecordedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                RecordedByName = table.Column<string>(maxLength: 200, nullable: false),
                WitnessUserId = table.Column<string>(maxLength: 450, nullable: true),
                WitnessName = table.Column<string>(maxLength: 200, nullable: true),
                PatientId = table.Column<Guid>(nullable: true),
                AdministrationId = table.Column<Guid>(nullable: true),
                AdministrationLabel = table.Column<string>(maxLength: 200, nullable: true),
                Counterparty = table.Column<string>(maxLength: 200, nullable: true),
                DocumentNumber = table.Column<string>(maxLength: 64, nullable: true),
                Reason = table.Column<string>(maxLength: 1000, nullable: true),
                ResolvesEntryId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                table.ForeignKey("FK_LedgerEntries_LedgerLots_LotId", x => x.LotId, "LedgerLots", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_LedgerEntries_Patients_PatientId", x => x.PatientId, "Patients", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_LedgerEntries_Sequence", "LedgerEntries", "Sequence", unique: true);
        migrationBuilder.CreateIndex("IX_LedgerEntries_LotId_Sequence", "LedgerEntries", ["LotId", "Sequence"]);
        migrationBuilder.CreateIndex("IX_LedgerEntries_ResolvesEntryId", "LedgerEntries", "ResolvesEntryId", unique: true);
        migrationBuilder.CreateIndex("IX_LedgerEntries_PatientId", "LedgerEntries", "PatientId");
        migrationBuilder.CreateIndex("IX_LedgerEntries_OccurredAt", "LedgerEntries", "OccurredAt");
        foreach (var sql in LedgerAppendOnly.Create(migrationBuilder.IsNpgsql())) migrationBuilder.Sql(sql);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var sql in LedgerAppendOnly.Drop(migrationBuilder.IsNpgsql())) migrationBuilder.Sql(sql);
        migrationBuilder.DropTable("LedgerEntries");
        migrationBuilder.DropTable("LedgerLots");
    }
}

/// <summary>
/// Triggers that make the ledger's tables append-only in the database, whoever connects (as <see cref="AuditAppendOnly"/>
/// does for the audit log). Whoever can drop them can change rows; the hash chain is what then shows it.
/// </summary>
public static class LedgerAppendOnly
{
    public const string Message = "The controlled-substance ledger is append-only: entries and lots cannot be changed or deleted.";
    public static readonly string[] Tables = ["LedgerEntries", "LedgerLots"];

    public static IEnumerable<string> Create(bool postgres)
    {
        if (postgres)
        {
            yield return $"""
                CREATE FUNCTION kapcare_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{Message}' USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                """;
            foreach (var table in Tables)
            {
                yield return $"""CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION kapcare_ledger_append_only();""";
                yield return $"""CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION kapcare_ledger_append_only();""";
            }
        }
        else
        {
            foreach (var table in Tables)
            {
                yield return $"""CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""";
                yield return $"""CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""";
            }
        }
    }

    public static IEnumerable<string> Drop(bool postgres)
    {
        foreach (var table in Tables)
        {
            if (postgres)
            {
                yield return $"""DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}";""";
                yield return $"""DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}";""";
            }
            else
            {
                yield return $"""DROP TRIGGER IF EXISTS "{table}_no_update";""";
                yield return $"""DROP TRIGGER IF EXISTS "{table}_no_delete";""";
            }
        }
        if (postgres) yield return "DROP FUNCTION IF EXISTS kapcare_ledger_append_only();";
    }
}
