using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Tamper-evident audit (issue 9, item 5; docs/decisions/0017): the hash-chain columns, and triggers that refuse to
/// change or delete an audit entry in the database itself, whoever connects. Entries already present keep a null
/// sequence: they predate the chain and <c>kapcare audit verify</c> counts them apart.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261203040000_TamperEvidentAudit")]
public sealed class TamperEvidentAudit : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("Sequence", "AuditEntries", nullable: true);
        migrationBuilder.AddColumn<string>("Hash", "AuditEntries", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex("IX_AuditEntries_Sequence", "AuditEntries", "Sequence", unique: true);
        foreach (var sql in AuditAppendOnly.Create(migrationBuilder.IsNpgsql())) migrationBuilder.Sql(sql);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var sql in AuditAppendOnly.Drop(migrationBuilder.IsNpgsql())) migrationBuilder.Sql(sql);
        migrationBuilder.DropIndex("IX_AuditEntries_Sequence", "AuditEntries");
        migrationBuilder.DropColumn("Hash", "AuditEntries");
        migrationBuilder.DropColumn("Sequence", "AuditEntries");
    }
}

/// <summary>
/// The triggers that make AuditEntries append-only in the database. They stop the app's role, a mistaken script and
/// an ad-hoc SQL session alike; someone who can drop them (the table's owner, anyone with the SQLite file) can still
/// change rows, and the hash chain is what then shows it. On SQLite a later migration that rebuilds AuditEntries
/// (EF does for some column changes) drops them and must create them again.
/// </summary>
public static class AuditAppendOnly
{
    public const string Message = "Audit entries are append-only: they cannot be changed or deleted.";

    public static IEnumerable<string> Create(bool postgres) => postgres
        ?
        [
            $"""
            CREATE FUNCTION kapcare_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{Message}' USING ERRCODE = 'insufficient_privilege';
            END
            $$;
            """,
            """CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION kapcare_audit_append_only();""",
            """CREATE TRIGGER "AuditEntries_no_truncate" BEFORE TRUNCATE ON "AuditEntries" FOR EACH STATEMENT EXECUTE FUNCTION kapcare_audit_append_only();""",
        ]
        :
        [
            $"""CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""",
            $"""CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, '{Message}'); END;""",
        ];

    public static IEnumerable<string> Drop(bool postgres) => postgres
        ?
        [
            """DROP TRIGGER IF EXISTS "AuditEntries_no_truncate" ON "AuditEntries";""",
            """DROP TRIGGER IF EXISTS "AuditEntries_append_only" ON "AuditEntries";""",
            "DROP FUNCTION IF EXISTS kapcare_audit_append_only();",
        ]
        :
        [
            """DROP TRIGGER IF EXISTS "AuditEntries_no_update";""",
            """DROP TRIGGER IF EXISTS "AuditEntries_no_delete";""",
        ];
}
