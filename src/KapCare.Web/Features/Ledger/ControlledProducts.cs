using System.Globalization;

namespace KapCare.Web.Features.Ledger;

/// <summary>How a product is presented, as a DEA inventory names it ("finished form", 21 CFR 1304.11(e)(1)).</summary>
public enum ProductForm { Vial, Troche, NasalSprayDevice }

/// <summary>
/// The unit a product's ledger quantities are in: millilitres for a solution in vials (a dose is drawn by volume, an opened
/// vial is measured), whole units for troches and nasal devices (counted). docs/decisions/0022.
/// </summary>
public enum CountUnit { Millilitre, Each }

/// <summary>
/// A controlled-substance product the clinic stocks. Ketamine and esketamine are Schedule III in the US
/// (21 CFR 1308.13(c); REFERENCE.md §6). A code catalog rather than a table: the strengths clinics use are few and a new
/// one is a reviewed change (docs/decisions/0022).
/// </summary>
public sealed record ControlledProduct(string Code, string Name, ProductForm Form, decimal StrengthMg, decimal? ContainerMl, string Schedule = "CIII")
{
    public CountUnit Unit => Form == ProductForm.Vial ? CountUnit.Millilitre : CountUnit.Each;

    public string UnitLabel => Unit == CountUnit.Millilitre ? "mL" : Form == ProductForm.Troche ? "troches" : "devices";

    public string Strength => Form == ProductForm.Vial
        ? string.Create(CultureInfo.InvariantCulture, $"{StrengthMg:0.##} mg/mL")
        : string.Create(CultureInfo.InvariantCulture, $"{StrengthMg:0.##} mg");

    public string FormLabel => Form switch
    {
        ProductForm.Vial => string.Create(CultureInfo.InvariantCulture, $"{ContainerMl:0.##} mL multi-dose vial"),
        ProductForm.Troche => "sublingual troche",
        ProductForm.NasalSprayDevice => "nasal spray device",
    };

    public string ContainerWord => Form switch
    {
        ProductForm.Vial => "vials",
        ProductForm.Troche => "troches",
        ProductForm.NasalSprayDevice => "devices",
    };

    /// <summary>"1 vial", "3 vials", "1 troche".</summary>
    public string Containers(long count) => string.Create(CultureInfo.InvariantCulture, $"{count} ") + ContainerNoun(count);

    public string ContainerNoun(long count) => count == 1 ? ContainerWord[..^1] : ContainerWord;

    /// <summary>One commercial container (a vial, a troche, a device) in hundredths of the unit.</summary>
    public long ContainerHundredths => Unit == CountUnit.Millilitre ? (long)(ContainerMl!.Value * 100) : 100;

    public string Display => $"{Name} {Strength}, {FormLabel}";
}

public static class ControlledProducts
{
    public static readonly IReadOnlyList<ControlledProduct> All =
    [
        new("ketamine-hcl-50mg-ml-10ml", "Ketamine HCl injection", ProductForm.Vial, 50, 10),
        new("ketamine-hcl-10mg-ml-20ml", "Ketamine HCl injection", ProductForm.Vial, 10, 20),
        new("ketamine-hcl-100mg-ml-5ml", "Ketamine HCl injection", ProductForm.Vial, 100, 5),
        new("ketamine-troche-100mg", "Ketamine troche (compounded)", ProductForm.Troche, 100, null),
        new("ketamine-troche-10mg", "Ketamine troche (compounded)", ProductForm.Troche, 10, null),
        new("esketamine-28mg-device", "Esketamine nasal spray (Spravato)", ProductForm.NasalSprayDevice, 28, null),
    ];

    public static ControlledProduct? Find(string? code) => All.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal));

    public static ControlledProduct Get(string code) => Find(code) ?? throw new InvalidOperationException($"Unknown controlled product {code}.");
}

/// <summary>
/// A ledger quantity: a whole number of hundredths of the product's unit (0.01 mL, the finest graduation of a 1 mL syringe;
/// whole troches and devices are multiples of 100). Integers, so balances add up exactly on both databases.
/// </summary>
public readonly record struct LedgerQuantity(long Hundredths)
{
    public decimal Value => Hundredths / 100m;

    /// <summary>A positive amount of the product typed in its unit, or the problem in words.</summary>
    public static (LedgerQuantity? Quantity, string? Problem) Parse(string? text, ControlledProduct product, bool allowZero = false)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, $"Give the quantity in {product.UnitLabel}.");
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return (null, $"Give the quantity as a number of {product.UnitLabel}, e.g. {(product.Unit == CountUnit.Millilitre ? "1.5" : "2")}.");
        return From(value, product, allowZero);
    }

    public static (LedgerQuantity? Quantity, string? Problem) From(decimal value, ControlledProduct product, bool allowZero = false)
    {
        if (value < 0 || (value == 0 && !allowZero)) return (null, $"The quantity must be more than zero {product.UnitLabel}.");
        if (value > 100_000) return (null, $"{value} {product.UnitLabel} is more than a clinic's ledger holds; check the number.");
        var hundredths = value * 100;
        if (hundredths != decimal.Truncate(hundredths)) return (null, "Give millilitres to two decimals at most (0.01 mL).");
        if (product.Unit == CountUnit.Each && value != decimal.Truncate(value)) return (null, $"Count whole {product.UnitLabel}.");
        return (new LedgerQuantity((long)hundredths), null);
    }

    public string Format(ControlledProduct product) => Format(Hundredths, product);

    public static string Format(long hundredths, ControlledProduct product) =>
        product.Unit == CountUnit.Millilitre
            ? (hundredths / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " mL"
            : (hundredths < 0 ? "-" : string.Empty) + product.Containers(Math.Abs(hundredths) / 100);
}
