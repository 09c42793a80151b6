using KapCare.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KapCare.Web.Data.Migrations;

/// <summary>
/// Every vitals row is checked against the session's latest baseline reading; with only (SessionId, MeasuredAt) the read
/// walked back through every later reading (found by the vitals-row load run, bench/results/vitals-row.md). Provider-neutral.
/// </summary>
[DbContext(typeof(KapCareDbContext))]
[Migration("20261207120000_VitalsBaselineIndex")]
public sealed class VitalsBaselineIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_VitalSigns_SessionId_Phase_MeasuredAt", "VitalSigns", ["SessionId", "Phase", "MeasuredAt"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_VitalSigns_SessionId_Phase_MeasuredAt", "VitalSigns");
}
