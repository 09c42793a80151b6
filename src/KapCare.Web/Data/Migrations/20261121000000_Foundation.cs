using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Users and roles (ASP.NET Core Identity), patients, audit, API tokens and data-protection keys.
/// Written by hand (no EF Core Design tools here) and provider-neutral: column types come from each
/// provider's mapping of the CLR type and length, and each provider reads only its own annotations.
/// The schema-equivalence test checks the result against the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261121000000_Foundation")]
public sealed class Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OccurredAt = table.Column<DateTime>(nullable: false),
                UserId = table.Column<string>(nullable: true),
                Actor = table.Column<string>(maxLength: 256, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                ResourceType = table.Column<string>(maxLength: 64, nullable: true),
                ResourceId = table.Column<string>(maxLength: 64, nullable: true),
                PatientId = table.Column<Guid>(nullable: true),
                Channel = table.Column<string>(maxLength: 8, nullable: false),
                IpAddress = table.Column<string>(maxLength: 64, nullable: true),
                Outcome = table.Column<string>(maxLength: 16, nullable: false),
                Detail = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));

        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Patients",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Mrn = table.Column<string>(maxLength: 8, nullable: false),
                GivenName = table.Column<string>(maxLength: 100, nullable: false),
                FamilyName = table.Column<string>(maxLength: 100, nullable: false),
                BirthDate = table.Column<DateOnly>(nullable: false),
                Sex = table.Column<string>(maxLength: 16, nullable: false),
                Pronouns = table.Column<string>(maxLength: 40, nullable: true),
                Phone = table.Column<string>(maxLength: 40, nullable: true),
                Email = table.Column<string>(maxLength: 254, nullable: true),
                AddressLine = table.Column<string>(maxLength: 200, nullable: true),
                City = table.Column<string>(maxLength: 100, nullable: true),
                Region = table.Column<string>(maxLength: 100, nullable: true),
                PostalCode = table.Column<string>(maxLength: 20, nullable: true),
                Country = table.Column<string>(maxLength: 100, nullable: true),
                EmergencyContactName = table.Column<string>(maxLength: 100, nullable: true),
                EmergencyContactRelationship = table.Column<string>(maxLength: 60, nullable: true),
                EmergencyContactPhone = table.Column<string>(maxLength: 40, nullable: true),
                PreferredLanguage = table.Column<string>(maxLength: 60, nullable: true),
                SearchGivenName = table.Column<string>(maxLength: 100, nullable: false),
                SearchFamilyName = table.Column<string>(maxLength: 100, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                ArchivedAt = table.Column<DateTime>(nullable: true),
                ArchiveReason = table.Column<string>(maxLength: 500, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Patients", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ApiTokens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<string>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Prefix = table.Column<string>(maxLength: 16, nullable: false),
                SecretHash = table.Column<string>(maxLength: 64, nullable: false),
                Scopes = table.Column<string>(maxLength: 500, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
                LastUsedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ApiTokens", x => x.Id);
                table.ForeignKey("FK_ApiTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                RoleId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_ApiTokens_SecretHash", "ApiTokens", "SecretHash", unique: true);
        migrationBuilder.CreateIndex("IX_ApiTokens_UserId", "ApiTokens", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        migrationBuilder.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_AuditEntries_OccurredAt", "AuditEntries", "OccurredAt");
        migrationBuilder.CreateIndex("IX_AuditEntries_PatientId", "AuditEntries", "PatientId");
        migrationBuilder.CreateIndex("IX_AuditEntries_UserId", "AuditEntries", "UserId");
        migrationBuilder.CreateIndex("IX_Patients_BirthDate", "Patients", "BirthDate");
        migrationBuilder.CreateIndex("IX_Patients_Mrn", "Patients", "Mrn", unique: true);
        migrationBuilder.CreateIndex("IX_Patients_SearchFamilyName", "Patients", "SearchFamilyName");
        migrationBuilder.CreateIndex("IX_Patients_SearchGivenName", "Patients", "SearchGivenName");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[]
        {
            "ApiTokens", "AspNetRoleClaims", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUserTokens",
            "AuditEntries", "DataProtectionKeys", "Patients", "AspNetRoles", "AspNetUsers",
        })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
