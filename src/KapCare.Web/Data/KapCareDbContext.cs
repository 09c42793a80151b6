using KapCare.Web.Features.Audit;
using KapCare.Web.Features.Measures;
using KapCare.Web.Features.Patients;
using KapCare.Web.Features.Tokens;
using KapCare.Web.Features.Users;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using System.Collections.Concurrent;
using System.Xml.Linq;

namespace KapCare.Web.Data;

public sealed class KapCareDbContext(DbContextOptions<KapCareDbContext> options)
    : IdentityDbContext<KapCareUser, IdentityRole, string>(options)
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<QuestionnaireResponseRecord> QuestionnaireResponses => Set<QuestionnaireResponseRecord>();
    public DbSet<ScoreObservation> ScoreObservations => Set<ScoreObservation>();
    public DbSet<SafetyAlert> SafetyAlerts => Set<SafetyAlert>();
    public DbSet<MeasureLink> MeasureLinks => Set<MeasureLink>();
    public DbSet<MeasurementPlanRecord> MeasurementPlans => Set<MeasurementPlanRecord>();
    public DbSet<CareTask> CareTasks => Set<CareTask>();
    public DbSet<Features.Settings.ClinicSetting> ClinicSettings => Set<Features.Settings.ClinicSetting>();
    public DbSet<Features.Consent.SignedConsent> SignedConsents => Set<Features.Consent.SignedConsent>();
    public DbSet<Features.Eligibility.EligibilityDecisionRecord> EligibilityDecisions => Set<Features.Eligibility.EligibilityDecisionRecord>();
    public DbSet<Features.Consultations.ConsultationRequest> ConsultationRequests => Set<Features.Consultations.ConsultationRequest>();
    public DbSet<Features.Intake.PatientIntake> PatientIntakes => Set<Features.Intake.PatientIntake>();
    public DbSet<Features.Plans.TreatmentPlanRecord> TreatmentPlans => Set<Features.Plans.TreatmentPlanRecord>();
    public DbSet<Features.Plans.DoseChangeRecord> DoseChanges => Set<Features.Plans.DoseChangeRecord>();
    public DbSet<Features.Plans.DoseCoSignature> DoseCoSignatures => Set<Features.Plans.DoseCoSignature>();
    public DbSet<Features.Plans.WeightMeasurement> WeightMeasurements => Set<Features.Plans.WeightMeasurement>();
    public DbSet<Features.EmergencyAccess.EmergencyAccess> EmergencyAccesses => Set<Features.EmergencyAccess.EmergencyAccess>();
    public DbSet<Features.Ledger.LedgerLot> LedgerLots => Set<Features.Ledger.LedgerLot>();
    public DbSet<Features.Ledger.LedgerEntry> LedgerEntries => Set<Features.Ledger.LedgerEntry>();
    public DbSet<Features.Sessions.DosingSession> DosingSessions => Set<Features.Sessions.DosingSession>();
    public DbSet<Features.Sessions.SessionEvent> SessionEvents => Set<Features.Sessions.SessionEvent>();
    public DbSet<Features.Sessions.SessionPreCheck> SessionPreChecks => Set<Features.Sessions.SessionPreCheck>();
    public DbSet<Features.Sessions.VitalSigns> VitalSigns => Set<Features.Sessions.VitalSigns>();
    public DbSet<Features.Sessions.MedicationAdministration> MedicationAdministrations => Set<Features.Sessions.MedicationAdministration>();
    public DbSet<Features.Sessions.AdministrationSupply> AdministrationSupplies => Set<Features.Sessions.AdministrationSupply>();
    public DbSet<Features.Sessions.AdministrationEvent> AdministrationEvents => Set<Features.Sessions.AdministrationEvent>();
    public DbSet<Features.Sessions.SessionDischargeCheck> SessionDischargeChecks => Set<Features.Sessions.SessionDischargeCheck>();
    public DbSet<Features.Sessions.SessionAdverseEvent> SessionAdverseEvents => Set<Features.Sessions.SessionAdverseEvent>();
    public DbSet<Features.Sessions.SessionAmendment> SessionAmendments => Set<Features.Sessions.SessionAmendment>();
    public DbSet<Features.Sessions.RemsFormRecord> RemsFormRecords => Set<Features.Sessions.RemsFormRecord>();
    public DbSet<Features.Plans.TitrationDecisionRecord> TitrationDecisions => Set<Features.Plans.TitrationDecisionRecord>();
    public DbSet<Features.Integration.TherapyNoteRecord> TherapyNotes => Set<Features.Integration.TherapyNoteRecord>();
    public DbSet<Features.Integration.TherapyNoteAmendment> TherapyNoteAmendments => Set<Features.Integration.TherapyNoteAmendment>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC (DESIGN.md); SQLite hands them back without a kind, so say so on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<KapCareUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(200);
            // One portal account per patient; SQLite and PostgreSQL both allow many NULLs in a unique index.
            u.HasIndex(x => x.PatientId).IsUnique();
        });

        builder.Entity<Patient>(p =>
        {
            p.ToTable("Patients");
            p.HasKey(x => x.Id);
            p.Property(x => x.Mrn).HasMaxLength(8);
            p.HasIndex(x => x.Mrn).IsUnique();
            p.Property(x => x.GivenName).HasMaxLength(100);
            p.Property(x => x.FamilyName).HasMaxLength(100);
            p.Property(x => x.SearchGivenName).HasMaxLength(100);
            p.Property(x => x.SearchFamilyName).HasMaxLength(100);
            p.HasIndex(x => x.SearchFamilyName);
            p.HasIndex(x => x.SearchGivenName);
            p.HasIndex(x => x.BirthDate);
            p.Property(x => x.Sex).HasConversion<string>().HasMaxLength(16);
            p.Property(x => x.Pronouns).HasMaxLength(40);
            p.Property(x => x.Phone).HasMaxLength(40);
            p.Property(x => x.Email).HasMaxLength(254);
            p.Property(x => x.AddressLine).HasMaxLength(200);
            p.Property(x => x.City).HasMaxLength(100);
            p.Property(x => x.Region).HasMaxLength(100);
            p.Property(x => x.PostalCode).HasMaxLength(20);
            p.Property(x => x.Country).HasMaxLength(100);
            p.Property(x => x.EmergencyContactName).HasMaxLength(100);
            p.Property(x => x.EmergencyContactRelationship).HasMaxLength(60);
            p.Property(x => x.EmergencyContactPhone).HasMaxLength(40);
            p.Property(x => x.PreferredLanguage).HasMaxLength(60);
            p.Property(x => x.ArchiveReason).HasMaxLength(500);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.Ignore(x => x.IsArchived);
            p.Ignore(x => x.FullName);
            p.Ignore(x => x.DisplayMrn);
        });

        builder.Entity<AuditEntry>(a =>
        {
            a.ToTable("AuditEntries");
            a.HasKey(x => x.Id);
            a.Property(x => x.Actor).HasMaxLength(256);
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.ResourceType).HasMaxLength(64);
            a.Property(x => x.ResourceId).HasMaxLength(64);
            a.Property(x => x.Channel).HasMaxLength(8);
            a.Property(x => x.IpAddress).HasMaxLength(64);
            a.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.Detail).HasMaxLength(1000);
            a.Property(x => x.Hash).HasMaxLength(64);
            // Unique: even a writer that somehow skipped the chain's lock cannot fork the chain, its insert fails instead.
            a.HasIndex(x => x.Sequence).IsUnique();
            a.HasIndex(x => x.OccurredAt);
            a.HasIndex(x => x.PatientId);
            a.HasIndex(x => x.UserId);
        });

        builder.Entity<ApiToken>(t =>
        {
            t.ToTable("ApiTokens");
            t.HasKey(x => x.Id);
            t.Property(x => x.Name).HasMaxLength(100);
            t.Property(x => x.Prefix).HasMaxLength(16);
            t.Property(x => x.SecretHash).HasMaxLength(64);
            t.HasIndex(x => x.SecretHash).IsUnique();
            t.Property(x => x.Scopes).HasMaxLength(500);
            t.HasOne<KapCareUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<QuestionnaireResponseRecord>(r =>
        {
            r.ToTable("QuestionnaireResponses");
            r.HasKey(x => x.Id);
            r.Property(x => x.InstrumentId).HasMaxLength(32);
            r.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.EnteredByUserId).HasMaxLength(450);
            r.Property(x => x.AnswersJson).HasMaxLength(4000);
            r.Property(x => x.BandCode).HasMaxLength(32);
            r.Property(x => x.BandLabel).HasMaxLength(64);
            r.Property(x => x.ErrorReason).HasMaxLength(500);
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
            r.HasIndex(x => new { x.PatientId, x.InstrumentId, x.AuthoredAt });
        });

        builder.Entity<ScoreObservation>(o =>
        {
            o.ToTable("ScoreObservations");
            o.HasKey(x => x.Id);
            o.Property(x => x.InstrumentId).HasMaxLength(32);
            o.Property(x => x.CodeSystem).HasMaxLength(64);
            o.Property(x => x.Code).HasMaxLength(64);
            o.Property(x => x.Display).HasMaxLength(128);
            o.Property(x => x.Subscale).HasMaxLength(32);
            o.Property(x => x.BandCode).HasMaxLength(32);
            o.Property(x => x.BandLabel).HasMaxLength(64);
            o.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            o.HasOne<QuestionnaireResponseRecord>().WithMany().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Restrict);
            o.HasIndex(x => new { x.PatientId, x.Code, x.EffectiveAt });
        });

        builder.Entity<SafetyAlert>(a =>
        {
            a.ToTable("SafetyAlerts");
            a.HasKey(x => x.Id);
            a.Property(x => x.Code).HasMaxLength(64);
            a.Property(x => x.Message).HasMaxLength(500);
            a.Property(x => x.Source).HasMaxLength(300);
            a.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.ResolvedByUserId).HasMaxLength(450);
            a.Property(x => x.ResolvedByName).HasMaxLength(200);
            a.Property(x => x.ResolutionNote).HasMaxLength(2000);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
            a.HasIndex(x => new { x.Status, x.RaisedAt });
            a.HasIndex(x => x.PatientId);
        });

        builder.Entity<MeasureLink>(l =>
        {
            l.ToTable("MeasureLinks");
            l.HasKey(x => x.Id);
            l.Property(x => x.InstrumentIds).HasMaxLength(200);
            l.Property(x => x.TokenHash).HasMaxLength(64);
            l.HasIndex(x => x.TokenHash).IsUnique();
            l.Property(x => x.CreatedByUserId).HasMaxLength(450);
            l.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
            l.Ignore(x => x.Instruments);
        });

        builder.Entity<MeasurementPlanRecord>(m =>
        {
            m.ToTable("MeasurementPlans");
            m.HasKey(x => x.Id);
            m.HasIndex(x => x.PatientId).IsUnique();
            m.Property(x => x.RulesJson).HasMaxLength(4000);
            m.Property(x => x.Version).IsConcurrencyToken();
            m.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CareTask>(t =>
        {
            t.ToTable("CareTasks");
            t.HasKey(x => x.Id);
            t.Property(x => x.Key).HasMaxLength(128);
            t.HasIndex(x => new { x.PatientId, x.Key }).IsUnique();
            t.Property(x => x.Title).HasMaxLength(300);
            t.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.DoneByName).HasMaxLength(200);
            t.Property(x => x.DoneNote).HasMaxLength(1000);
            t.Property(x => x.Version).IsConcurrencyToken();
            t.HasIndex(x => new { x.Status, x.CreatedAt });
            t.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Settings.ClinicSetting>(c =>
        {
            c.ToTable("ClinicSettings");
            c.HasKey(x => x.Key);
            c.Property(x => x.Key).HasMaxLength(100);
            c.Property(x => x.Value).HasMaxLength(2000);
            c.Property(x => x.UpdatedByName).HasMaxLength(200);
            c.Property(x => x.Version).IsConcurrencyToken();
        });

        builder.Entity<Features.Consent.SignedConsent>(c =>
        {
            c.ToTable("SignedConsents");
            c.HasKey(x => x.Id);
            c.Property(x => x.DocumentId).HasMaxLength(64);
            c.Property(x => x.DocumentVersion).HasMaxLength(32);
            c.Property(x => x.Title).HasMaxLength(200);
            c.Property(x => x.Text).HasMaxLength(20000);
            c.Property(x => x.TextSha256).HasMaxLength(64);
            c.Property(x => x.SignedName).HasMaxLength(200);
            c.Property(x => x.IpAddress).HasMaxLength(64);
            c.Property(x => x.Method).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.SignedByUserId).HasMaxLength(450);
            c.Property(x => x.WitnessUserId).HasMaxLength(450);
            c.Property(x => x.WitnessName).HasMaxLength(200);
            c.HasIndex(x => new { x.PatientId, x.DocumentId, x.DocumentVersion }).IsUnique();
            c.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Eligibility.EligibilityDecisionRecord>(e =>
        {
            e.ToTable("EligibilityDecisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.RuleSetVersion).HasMaxLength(32);
            e.Property(x => x.ReasonsJson).HasMaxLength(20000);
            e.Property(x => x.FactsJson).HasMaxLength(20000);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.Property(x => x.OverriddenRuleIds).HasMaxLength(500);
            e.Property(x => x.OverrideJustification).HasMaxLength(2000);
            e.Property(x => x.BasisFactsJson).HasMaxLength(20000);
            e.Property(x => x.ChangedFactsJson).HasMaxLength(8000);
            e.Property(x => x.ChangeReason).HasMaxLength(2000);
            e.Ignore(x => x.ChangedFacts);
            e.Property(x => x.DecidedByUserId).HasMaxLength(450);
            e.Property(x => x.DecidedByName).HasMaxLength(200);
            e.Ignore(x => x.Reasons);
            e.HasIndex(x => new { x.PatientId, x.DecidedAt });
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        // --- Consultation requests from the public self-screen (issue 4, item 1; docs/decisions/0009) ---
        builder.Entity<Features.Consultations.ConsultationRequest>(c =>
        {
            c.ToTable("ConsultationRequests");
            c.HasKey(x => x.Id);
            c.Property(x => x.Name).HasMaxLength(Features.Consultations.ConsultationRequest.MaxNameLength);
            c.Property(x => x.Email).HasMaxLength(254);
            c.Property(x => x.Phone).HasMaxLength(40);
            c.Property(x => x.PreferredTimes).HasMaxLength(Features.Consultations.ConsultationRequest.MaxPreferredTimesLength);
            c.Property(x => x.Note).HasMaxLength(Features.Consultations.ConsultationRequest.MaxNoteLength);
            c.Property(x => x.Gad7AnswersJson).HasMaxLength(200);
            c.Property(x => x.ScreenAnswersJson).HasMaxLength(1000);
            c.Property(x => x.Gad7BandCode).HasMaxLength(32);
            c.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(24);
            c.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.ContactedByUserId).HasMaxLength(450);
            c.Property(x => x.ContactedByName).HasMaxLength(200);
            c.Property(x => x.ContactNote).HasMaxLength(2000);
            c.Property(x => x.ClosedByUserId).HasMaxLength(450);
            c.Property(x => x.ClosedByName).HasMaxLength(200);
            c.Property(x => x.ClosedNote).HasMaxLength(2000);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.Ignore(x => x.IsOpen);
            c.HasIndex(x => new { x.Status, x.SubmittedAt });
            c.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });
        // --- end consultation requests ---

        builder.Entity<Features.Intake.PatientIntake>(i =>
        {
            i.ToTable("PatientIntakes");
            i.HasKey(x => x.Id);
            i.HasIndex(x => x.PatientId).IsUnique();
            i.Property(x => x.FormJson).HasMaxLength(40000);
            i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            i.Property(x => x.UpdatedByName).HasMaxLength(200);
            i.Property(x => x.Version).IsConcurrencyToken();
            i.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Plans.TreatmentPlanRecord>(t =>
        {
            t.ToTable("TreatmentPlans");
            t.HasKey(x => x.Id);
            t.HasIndex(x => new { x.PatientId, x.PlanVersion }).IsUnique();
            t.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.TemplateId).HasMaxLength(64);
            t.Property(x => x.ProtocolJson).HasMaxLength(20000);
            t.Property(x => x.SessionsJson).HasMaxLength(40000);
            t.Property(x => x.ModalitiesJson).HasMaxLength(8000);
            t.Property(x => x.NotesJson).HasMaxLength(4000);
            t.Property(x => x.ModalityNote).HasMaxLength(1000);
            t.Property(x => x.WeightKg).HasPrecision(5, 1);
            t.Property(x => x.CreatedByName).HasMaxLength(200);
            t.Property(x => x.SignedByUserId).HasMaxLength(450);
            t.Property(x => x.SignedByName).HasMaxLength(200);
            t.Property(x => x.AcknowledgedWarnings).HasMaxLength(2000);
            t.Property(x => x.Version).IsConcurrencyToken();
            t.Ignore(x => x.Protocol);
            t.Ignore(x => x.Sessions);
            t.Ignore(x => x.Modalities);
            t.Ignore(x => x.Notes);
            t.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Plans.DoseChangeRecord>(d =>
        {
            d.ToTable("DoseChanges");
            d.HasKey(x => x.Id);
            d.HasIndex(x => new { x.PatientId, x.ChangedAt });
            d.Property(x => x.FromMgPerKg).HasPrecision(6, 3);
            d.Property(x => x.FromMg).HasPrecision(7, 1);
            d.Property(x => x.ToMgPerKg).HasPrecision(6, 3);
            d.Property(x => x.ToMg).HasPrecision(7, 1);
            d.Property(x => x.Reason).HasMaxLength(1000);
            d.Property(x => x.ChangedByUserId).HasMaxLength(450);
            d.Property(x => x.ChangedByName).HasMaxLength(200);
            d.Property(x => x.CoSignedByUserId).HasMaxLength(450);
            d.Property(x => x.CoSignedByName).HasMaxLength(200);
            d.Property(x => x.CoSignReason).HasMaxLength(1000);
            d.Property(x => x.AcknowledgedWarnings).HasMaxLength(2000);
            // No foreign key: SQLite cannot add one to an existing table without a rebuild; the co-signature row is never deleted.
            d.HasIndex(x => x.CoSignatureId);
            d.Ignore(x => x.From);
            d.Ignore(x => x.To);
            d.HasOne<Features.Plans.TreatmentPlanRecord>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Plans.DoseCoSignature>(c =>
        {
            c.ToTable("DoseCoSignatures");
            c.HasKey(x => x.Id);
            c.HasIndex(x => new { x.Status, x.RequestedAt });
            c.HasIndex(x => x.PlanId);
            c.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.Method).HasConversion<string>().HasMaxLength(24);
            c.Property(x => x.DoseMgPerKg).HasPrecision(6, 3);
            c.Property(x => x.DoseMg).HasPrecision(7, 1);
            c.Property(x => x.FromMgPerKg).HasPrecision(6, 3);
            c.Property(x => x.FromMg).HasPrecision(7, 1);
            c.Property(x => x.CalculatedMg).HasPrecision(7, 2);
            c.Property(x => x.WeightKg).HasPrecision(5, 1);
            c.Property(x => x.LimitMessage).HasMaxLength(1000);
            c.Property(x => x.RequestReason).HasMaxLength(1000);
            c.Property(x => x.AcknowledgedWarnings).HasMaxLength(2000);
            c.Property(x => x.RequestedByUserId).HasMaxLength(450);
            c.Property(x => x.RequestedByName).HasMaxLength(200);
            c.Property(x => x.CoSignedByUserId).HasMaxLength(450);
            c.Property(x => x.CoSignedByName).HasMaxLength(200);
            c.Property(x => x.CoSignReason).HasMaxLength(1000);
            c.Property(x => x.CoSignedFromIp).HasMaxLength(64);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.Ignore(x => x.Dose);
            c.Ignore(x => x.From);
            c.HasOne<Features.Plans.TreatmentPlanRecord>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Plans.WeightMeasurement>(w =>
        {
            w.ToTable("WeightMeasurements");
            w.HasKey(x => x.Id);
            w.HasIndex(x => new { x.PatientId, x.MeasuredAt });
            w.Property(x => x.WeightKg).HasPrecision(5, 1);
            w.Property(x => x.Source).HasConversion<string>().HasMaxLength(24);
            w.Property(x => x.RecordedByUserId).HasMaxLength(450);
            w.Property(x => x.RecordedByName).HasMaxLength(200);
            w.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.DosingSession>(d =>
        {
            d.ToTable("DosingSessions");
            d.HasKey(x => x.Id);
            d.Property(x => x.State).HasConversion<string>().HasMaxLength(24);
            d.Property(x => x.Chair).HasMaxLength(Features.Sessions.DosingSession.MaxChairLength);
            d.Property(x => x.DischargedByUserId).HasMaxLength(450);
            d.Property(x => x.DischargedByName).HasMaxLength(200);
            d.Property(x => x.SignedByUserId).HasMaxLength(450);
            d.Property(x => x.SignedByName).HasMaxLength(200);
            d.Property(x => x.Version).IsConcurrencyToken();
            d.HasIndex(x => new { x.PatientId, x.DosingNumber });
            d.HasIndex(x => new { x.PlannedDate, x.State });
            d.HasIndex(x => new { x.State, x.CheckedInAt });
            d.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Features.Plans.TreatmentPlanRecord>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.SessionEvent>(e =>
        {
            e.ToTable("SessionEvents");
            e.HasKey(x => x.Id);
            e.Property(x => x.From).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.To).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.Trigger).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ByUserId).HasMaxLength(450);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(2000);
            e.HasIndex(x => new { x.SessionId, x.At });
            e.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.SessionPreCheck>(p =>
        {
            p.ToTable("SessionPreChecks");
            p.HasKey(x => x.Id);
            p.Property(x => x.Item).HasConversion<string>().HasMaxLength(32);
            p.Property(x => x.Value).HasMaxLength(1000);
            p.Property(x => x.RecordedByUserId).HasMaxLength(450);
            p.Property(x => x.RecordedByName).HasMaxLength(200);
            p.HasIndex(x => new { x.SessionId, x.RecordedAt });
            p.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.VitalSigns>(v =>
        {
            v.ToTable("VitalSigns");
            v.HasKey(x => x.Id);
            v.Property(x => x.Phase).HasConversion<string>().HasMaxLength(16);
            v.Property(x => x.Nausea).HasConversion<string>().HasMaxLength(16);
            v.Ignore(x => x.Reading);
            v.Property(x => x.RecordedByUserId).HasMaxLength(450);
            v.Property(x => x.RecordedByName).HasMaxLength(200);
            v.Ignore(x => x.BloodPressure);
            v.HasIndex(x => new { x.SessionId, x.MeasuredAt });
            // Each new reading is judged against the session's baseline: a seek, however many readings came after it.
            v.HasIndex(x => new { x.SessionId, x.Phase, x.MeasuredAt });
            v.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.MedicationAdministration>(a =>
        {
            a.ToTable("MedicationAdministrations");
            a.HasKey(x => x.Id);
            a.Property(x => x.Route).HasConversion<string>().HasMaxLength(24);
            a.Property(x => x.ProductCode).HasMaxLength(40);
            a.Property(x => x.PlannedRule).HasMaxLength(40);
            a.Property(x => x.ReasonOutsidePlan).HasMaxLength(Features.Sessions.MedicationAdministration.MaxTextLength);
            a.Property(x => x.AcknowledgedWarnings).HasMaxLength(Features.Sessions.MedicationAdministration.MaxTextLength);
            a.Property(x => x.CoSignedByName).HasMaxLength(200);
            a.Property(x => x.Preparation).HasMaxLength(Features.Sessions.MedicationAdministration.MaxTextLength);
            a.Property(x => x.StopReason).HasMaxLength(Features.Sessions.MedicationAdministration.MaxTextLength);
            a.Property(x => x.RecordedByUserId).HasMaxLength(450);
            a.Property(x => x.RecordedByName).HasMaxLength(200);
            a.Property(x => x.StoppedByUserId).HasMaxLength(450);
            a.Property(x => x.StoppedByName).HasMaxLength(200);
            a.Property(x => x.PlannedMg).HasPrecision(7, 2);
            a.Property(x => x.OrderedMg).HasPrecision(7, 2);
            a.Property(x => x.GivenMg).HasPrecision(7, 2);
            a.Property(x => x.WeightKg).HasPrecision(5, 1);
            a.Property(x => x.DrawnVolumeMl).HasPrecision(7, 2);
            a.Property(x => x.PumpRateMlPerHour).HasPrecision(7, 1);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.Ignore(x => x.IsComplete);
            // Unique: one administration per session, so a second tab or a double submit cannot give the dose twice.
            a.HasIndex(x => x.SessionId).IsUnique();
            a.HasIndex(x => new { x.PatientId, x.StartedAt });
            a.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.AdministrationSupply>(s =>
        {
            s.ToTable("AdministrationSupplies");
            s.HasKey(x => x.Id);
            s.Property(x => x.LotNumber).HasMaxLength(Features.Ledger.LedgerLot.MaxLotNumberLength);
            s.Property(x => x.Quantity).HasPrecision(9, 2);
            s.HasIndex(x => x.AdministrationId);
            s.HasIndex(x => x.LedgerEntryId).IsUnique();
            s.HasOne<Features.Sessions.MedicationAdministration>().WithMany().HasForeignKey(x => x.AdministrationId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<Features.Ledger.LedgerLot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<Features.Ledger.LedgerEntry>().WithMany().HasForeignKey(x => x.LedgerEntryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.AdministrationEvent>(e =>
        {
            e.ToTable("AdministrationEvents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Reason).HasMaxLength(Features.Sessions.MedicationAdministration.MaxTextLength);
            e.Property(x => x.ByUserId).HasMaxLength(450);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.HasIndex(x => new { x.AdministrationId, x.At });
            e.HasOne<Features.Sessions.MedicationAdministration>().WithMany().HasForeignKey(x => x.AdministrationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.SessionDischargeCheck>(c =>
        {
            c.ToTable("SessionDischargeChecks");
            c.HasKey(x => x.Id);
            c.Property(x => x.Item).HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.RecordedByUserId).HasMaxLength(450);
            c.Property(x => x.RecordedByName).HasMaxLength(200);
            c.HasIndex(x => new { x.SessionId, x.RecordedAt });
            c.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.SessionAdverseEvent>(e =>
        {
            e.ToTable("SessionAdverseEvents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.ActionTaken).HasMaxLength(Features.Sessions.SessionAdverseEvent.MaxTextLength);
            e.Property(x => x.RecordedByUserId).HasMaxLength(450);
            e.Property(x => x.RecordedByName).HasMaxLength(200);
            e.HasIndex(x => new { x.SessionId, x.RecordedAt });
            e.HasIndex(x => new { x.PatientId, x.OnsetAt });
            // Unique: a record is superseded once, so two tabs cannot fork an event's history.
            e.HasIndex(x => x.SupersedesId).IsUnique();
            e.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.SessionAmendment>(a =>
        {
            a.ToTable("SessionAmendments");
            a.HasKey(x => x.Id);
            a.Property(x => x.Text).HasMaxLength(Features.Sessions.SessionAmendment.MaxLength);
            a.Property(x => x.ByUserId).HasMaxLength(450);
            a.Property(x => x.ByName).HasMaxLength(200);
            a.HasIndex(x => new { x.SessionId, x.At });
            a.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Integration.TherapyNoteRecord>(n =>
        {
            n.ToTable("TherapyNotes");
            n.HasKey(x => x.Id);
            n.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            n.Property(x => x.Modality).HasConversion<string>().HasMaxLength(16);
            n.Property(x => x.ContentJson).HasMaxLength(64_000);
            n.Property(x => x.SignedByUserId).HasMaxLength(450);
            n.Property(x => x.SignedByName).HasMaxLength(200);
            n.HasIndex(x => new { x.PatientId, x.SignedAt });
            n.HasIndex(x => x.DosingSessionId);
            n.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
            n.HasOne<Features.Plans.TreatmentPlanRecord>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
            n.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.DosingSessionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Integration.TherapyNoteAmendment>(a =>
        {
            a.ToTable("TherapyNoteAmendments");
            a.HasKey(x => x.Id);
            a.Property(x => x.Text).HasMaxLength(Features.Integration.TherapyNoteAmendment.MaxLength);
            a.Property(x => x.ByUserId).HasMaxLength(450);
            a.Property(x => x.ByName).HasMaxLength(200);
            a.HasIndex(x => x.NoteId);
            a.HasOne<Features.Integration.TherapyNoteRecord>().WithMany().HasForeignKey(x => x.NoteId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Plans.TitrationDecisionRecord>(t =>
        {
            t.ToTable("TitrationDecisions");
            t.HasKey(x => x.Id);
            t.Property(x => x.ProposedDirection).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.ProposedDose).HasMaxLength(40);
            t.Property(x => x.Proposal).HasMaxLength(Features.Plans.TitrationDecisionRecord.MaxProposalLength);
            t.Property(x => x.Decision).HasConversion<string>().HasMaxLength(16);
            t.Property(x => x.DecidedDose).HasMaxLength(40);
            t.Property(x => x.Reason).HasMaxLength(1000);
            t.Property(x => x.DecidedByUserId).HasMaxLength(450);
            t.Property(x => x.DecidedByName).HasMaxLength(200);
            // Unique: one decision per session's proposal, so a second tab or a double submit cannot decide it twice.
            t.HasIndex(x => x.SessionId).IsUnique();
            t.HasIndex(x => x.PlanId);
            t.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
            t.HasOne<Features.Plans.TreatmentPlanRecord>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
            t.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Sessions.RemsFormRecord>(r =>
        {
            r.ToTable("RemsFormRecords");
            r.HasKey(x => x.Id);
            r.Property(x => x.CouldHaveLeftByName).HasMaxLength(200);
            r.Property(x => x.SubmittedByUserId).HasMaxLength(450);
            r.Property(x => x.SubmittedByName).HasMaxLength(200);
            r.Property(x => x.Confirmation).HasMaxLength(64);
            r.Property(x => x.Version).IsConcurrencyToken();
            // Unique: one form per session, so two tabs cannot file it twice.
            r.HasIndex(x => x.SessionId).IsUnique();
            r.HasOne<Features.Sessions.DosingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.EmergencyAccess.EmergencyAccess>(e =>
        {
            e.ToTable("EmergencyAccesses");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(Features.EmergencyAccess.EmergencyAccess.MaxReasonLength);
            e.Property(x => x.ReviewedByUserId).HasMaxLength(450);
            e.Property(x => x.ReviewedByName).HasMaxLength(200);
            e.Property(x => x.ReviewNote).HasMaxLength(Features.EmergencyAccess.EmergencyAccess.MaxReviewNoteLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.IsReviewed);
            // Each request under /Patients/{id} by a person without clinical.read looks for their grant; admins list the unreviewed.
            e.HasIndex(x => new { x.UserId, x.PatientId, x.ExpiresAt });
            e.HasIndex(x => new { x.ReviewedAt, x.StartedAt });
            e.HasIndex(x => x.PatientId);
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        // --- Controlled-substance ledger (issue 10 item 9; docs/decisions/0022) ---
        builder.Entity<Features.Ledger.LedgerLot>(l =>
        {
            l.ToTable("LedgerLots");
            l.HasKey(x => x.Id);
            l.Property(x => x.ProductCode).HasMaxLength(40);
            l.Property(x => x.LotNumber).HasMaxLength(Features.Ledger.LedgerLot.MaxLotNumberLength);
            l.HasIndex(x => new { x.ProductCode, x.LotNumber }).IsUnique();
            l.Ignore(x => x.Product);
        });

        builder.Entity<Features.Ledger.LedgerEntry>(e =>
        {
            e.ToTable("LedgerEntries");
            e.HasKey(x => x.Id);
            // Unique: a writer that somehow skipped the chain's lock fails its insert instead of forking the chain.
            e.HasIndex(x => x.Sequence).IsUnique();
            // A lot's balance is its latest entry's BalanceAfter: one index read, however long the history.
            e.HasIndex(x => new { x.LotId, x.Sequence });
            // Unique: a count's discrepancy is resolved once.
            e.HasIndex(x => x.ResolvesEntryId).IsUnique();
            e.HasIndex(x => x.PatientId);
            e.HasIndex(x => x.OccurredAt);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.ProductCode).HasMaxLength(40);
            e.Property(x => x.LotNumber).HasMaxLength(Features.Ledger.LedgerLot.MaxLotNumberLength);
            e.Property(x => x.RecordedByUserId).HasMaxLength(450);
            e.Property(x => x.RecordedByName).HasMaxLength(200);
            e.Property(x => x.WitnessUserId).HasMaxLength(450);
            e.Property(x => x.WitnessName).HasMaxLength(200);
            e.Property(x => x.AdministrationLabel).HasMaxLength(Features.Ledger.LedgerEntry.MaxTextLength);
            e.Property(x => x.Counterparty).HasMaxLength(Features.Ledger.LedgerEntry.MaxTextLength);
            e.Property(x => x.DocumentNumber).HasMaxLength(Features.Ledger.LedgerEntry.MaxDocumentLength);
            e.Property(x => x.Reason).HasMaxLength(Features.Ledger.LedgerEntry.MaxReasonLength);
            e.Ignore(x => x.Product);
            e.Ignore(x => x.Discrepancy);
            e.HasOne<Features.Ledger.LedgerLot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<DataProtectionKey>(k =>
        {
            k.ToTable("DataProtectionKeys");
            k.HasKey(x => x.Id);
        });
    }

    /// <summary>
    /// One writer at a time per SQLite file, waiting asynchronously. SQLite allows a single writer; without this
    /// gate concurrent saves collide and Microsoft.Data.Sqlite retries them by sleeping, which measured at 375
    /// submissions/s with a p99 of 463 ms at 16 clients (bench/results/submission-path-findings.md). Inside an
    /// explicit transaction the connection already holds the write lock, so the gate is not taken there.
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        var gate = SqliteWriteGate();
        gate?.Wait();
        try
        {
            var audit = AddedAuditEntries();
            if (audit.Count == 0) return base.SaveChanges(acceptAllChangesOnSuccess);
            var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
            try
            {
                AuditChain.Lock(this);
                AuditChain.Link(audit, AuditChain.Head(this));
                var saved = base.SaveChanges(acceptAllChangesOnSuccess: false);
                own?.Commit();
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
                return saved;
            }
            finally
            {
                own?.Dispose();
            }
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Saves; when audit entries are among the changes, links them into the hash chain first, in one transaction with
    /// the chain's lock held (<see cref="AuditChain.LockAsync"/>) from reading the head until the commit, so no other
    /// writer can append in between. A caller's own transaction is used as it is (the lock then lasts until its commit).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        var gate = SqliteWriteGate();
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        try
        {
            var audit = AddedAuditEntries();
            if (audit.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            // On SQLite, Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the head is read.
            var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            try
            {
                await AuditChain.LockAsync(this, cancellationToken);
                AuditChain.Link(audit, await AuditChain.HeadAsync(this, cancellationToken));
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
                if (own is not null) await own.CommitAsync(cancellationToken);
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
                return saved;
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>New audit entries in the order they were added; each save links them afresh (a failed save may be retried).</summary>
    private List<AuditEntry> AddedAuditEntries() =>
        [.. ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)];

    private SemaphoreSlim? SqliteWriteGate() =>
        Database.IsSqlite() && Database.CurrentTransaction is null && Database.GetConnectionString() is { } file
            ? SqliteWriters.GetOrAdd(file, _ => new SemaphoreSlim(1, 1))
            : null;

    private void BeforeSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified) CheckLengths(entry);
            if (entry.State is EntityState.Modified or EntityState.Deleted
                && (AppendOnlyAttribute.For(entry.Metadata.ClrType) ?? (entry.Entity as ISealableRecord)?.RefuseChange(entry)) is { } refusal)
                throw new InvalidOperationException(refusal);
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
                versioned.Version++;
            if (entry.Entity is IVersioned added && entry.State == EntityState.Added && added.Version == 0)
                added.Version = 1;
        }
    }

    /// <summary>
    /// Every text column has a maximum length in the model (SchemaTests keeps it so); a value over it is refused here, the
    /// same on SQLite (which would store it) and PostgreSQL (which would fail the statement), before anything is written.
    /// </summary>
    private static void CheckLengths(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            if (entry.State == EntityState.Modified && !property.IsModified) continue;
            if (property.CurrentValue is not string text || property.Metadata.GetMaxLength() is not int max || text.Length <= max) continue;
            throw new FieldTooLongException(entry.Metadata.ClrType.Name, property.Metadata.Name, max, text.Length);
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.Value.ToUniversalTime(), DateTimeKind.Utc),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

/// <summary>Stores data-protection keys in the shared database (the EF Core package for this is not on the feed here).</summary>
public sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
