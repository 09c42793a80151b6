namespace KapCare.Clinical.Instruments;

/// <summary>
/// The citations each instrument and rule carries, as listed in shared/clinical/REFERENCE.md §1 (the short form
/// is what staff see in <see cref="Instrument.Source"/> and <see cref="SafetyFlag.Source"/>).
/// </summary>
public static class Sources
{
    public const string Gad7 = "Spitzer et al., Arch Intern Med 2006;166:1092";
    public const string Phq9 = "Kroenke et al., J Gen Intern Med 2001;16:606";
    public const string Phq2 = "Kroenke 2003; Arroll, Ann Fam Med 2010";
    public const string Gad2 = "Kroenke, Ann Intern Med 2007;146:317";
    public const string Phq4 = "Kroenke, Psychosomatics 2009";
    public const string Pcl5 = "Blevins et al., J Trauma Stress 2015;28:489";
    public const string Spin = "Connor et al., Br J Psychiatry 2000;176:379";
    public const string PdssSr = "Shear et al., Am J Psychiatry 1997;154:1571";
    public const string Oasis = "Campbell-Sills et al., J Affect Disord 2009";
    public const string HamA = "Hamilton, Br J Med Psychol 1959";
    public const string Cadss = "Bremner et al., J Trauma Stress 1998";
    public const string Cadss6 = "Rodrigues et al., J Affect Disord 2021;282:160";
    public const string Cssrs = "Posner et al., Am J Psychiatry 2011";

    /// <summary>PHQ-9 item 9: one-year suicide-attempt risk rises from 0.4 % ("not at all") to 4 % ("nearly every day").</summary>
    public const string Phq9Item9 = "Simon et al., Psychiatr Serv 2013;64:1195";

    public const string Response = "NQF 1884/1885";
    public const string Remission = "CMS159 / NQF 0710";
    public const string JacobsonTruax = "Jacobson & Truax, J Consult Clin Psychol 1991";
    public const string Gad7ReliableChange = "Bischoff et al. 2020";
    public const string NhsTalkingTherapies = "NHS Talking Therapies for anxiety and depression, reliable-improvement convention";
    public const string Gad7Mcid = "Toussaint et al. 2020";
    public const string Phq9Mcid = "Löwe et al. 2004";
}
