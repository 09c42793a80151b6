namespace KapCare.Clinical.Dosing;

/// <summary>How ketamine is given (REFERENCE.md §3). Shared by protocols, the dose calculator and the PK simulator.</summary>
public enum Route
{
    /// <summary>Intravenous infusion over a set time (racemic ketamine).</summary>
    Intravenous,
    Intramuscular,
    Subcutaneous,
    /// <summary>Sublingual lozenge / troche / wafer (racemic ketamine, KAP).</summary>
    Sublingual,
    Oral,
    /// <summary>Intranasal esketamine (Spravato) under its REMS: 28 mg devices.</summary>
    IntranasalEsketamine,
}

public static class Routes
{
    public static string Label(Route route) => route switch
    {
        Route.Intravenous => "IV infusion",
        Route.Intramuscular => "IM injection",
        Route.Subcutaneous => "SC injection",
        Route.Sublingual => "Sublingual",
        Route.Oral => "Oral",
        Route.IntranasalEsketamine => "Intranasal esketamine",
    };

    /// <summary>The command-line / JSON spelling: iv, im, sc, sublingual, oral, esketamine.</summary>
    public static string Code(Route route) => route switch
    {
        Route.Intravenous => "iv",
        Route.Intramuscular => "im",
        Route.Subcutaneous => "sc",
        Route.Sublingual => "sublingual",
        Route.Oral => "oral",
        Route.IntranasalEsketamine => "esketamine",
    };

    public static Route? FromCode(string? code) =>
        Enum.GetValues<Route>().Cast<Route?>().FirstOrDefault(r => string.Equals(Code(r!.Value), code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
