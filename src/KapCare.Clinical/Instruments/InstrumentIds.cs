namespace KapCare.Clinical.Instruments;

/// <summary>The ids of KapCare's instruments (also their FHIR Questionnaire ids).</summary>
public static class InstrumentIds
{
    public const string Gad7 = "gad-7";
    public const string Phq9 = "phq-9";
    public const string Phq2 = "phq-2";
    public const string Gad2 = "gad-2";
    public const string Phq4 = "phq-4";
    public const string Pcl5 = "pcl-5";
    public const string Spin = "spin";
    public const string PdssSr = "pdss-sr";
    public const string Oasis = "oasis";
    public const string HamA = "ham-a";
    public const string Cadss = "cadss";
    public const string Cadss6 = "cadss-6";
    public const string CssrsScreen = "c-ssrs-screen";
}
