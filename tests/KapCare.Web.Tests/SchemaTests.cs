using System.Data.Common;
using KapCare.Web.Data;
using KapCare.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KapCare.Web.Tests;

/// <summary>
/// The hand-written migrations must produce exactly the schema the EF model describes. The oracle is EF's
/// own EnsureCreated on a second empty database: tables, columns (type, nullability, key) and indexes must
/// match, on whichever provider the suite runs against.
/// </summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task Given_an_empty_database_When_migrated_Then_the_schema_matches_the_model()
    {
        await using var migrated = await TestDatabase.CreateAsync();
        await using var created = await TestDatabase.CreateAsync();

        await using (var db = NewContext(migrated))
            await db.Database.MigrateAsync();
        await using (var db = NewContext(created))
            await db.Database.EnsureCreatedAsync();

        var expected = await DescribeSchemaAsync(created);
        var actual = await DescribeSchemaAsync(migrated);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Given_a_migrated_database_When_migrated_again_Then_nothing_is_pending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = NewContext(database);
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await db.Database.MigrateAsync();
    }

    private static KapCareDbContext NewContext(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<KapCareDbContext>();
        Web.Infrastructure.Database.Configure(options, database.Settings);
        return new KapCareDbContext(options.Options);
    }

    private static async Task<List<string>> DescribeSchemaAsync(TestDatabase database)
    {
        await using var db = NewContext(database);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = db.Database.IsSqlite()
            ? await QueryAsync(connection, """
                SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' pk=' || c.pk
                FROM sqlite_master m JOIN pragma_table_info(m.name) c
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND substr(m.name, 1, 4) <> '__EF'
                UNION ALL
                SELECT 'index ' || m.name || '.' || il.name || ' unique=' || il."unique" || ' (' ||
                       (SELECT group_concat(ii.name, ',') FROM pragma_index_info(il.name) ii) || ')'
                FROM sqlite_master m JOIN pragma_index_list(m.name) il
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND substr(m.name, 1, 4) <> '__EF'
                UNION ALL
                SELECT 'fk ' || m.name || '.' || fk."from" || ' -> ' || fk."table" || '.' || fk."to" || ' ' || fk.on_delete
                FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk
                WHERE m.type = 'table'
                """)
            : await QueryAsync(connection, """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || ' nullable=' || is_nullable || ' identity=' || is_identity
                FROM information_schema.columns
                WHERE table_schema = 'public' AND left(table_name, 4) <> '__EF'
                UNION ALL
                SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND left(tablename, 4) <> '__EF'
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND left(conrelid::regclass::text, 5) <> '"__EF'
                """);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
