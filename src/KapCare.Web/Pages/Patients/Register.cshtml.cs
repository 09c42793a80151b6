using KapCare.Web.Features.Users;
using KapCare.Web.Features.Patients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KapCare.Web.Pages.Patients;

[RequiresPermission(Permissions.DemographicsWrite)]
public sealed class RegisterModel(RegisterPatient register) : PageModel
{
    [BindProperty] public PatientForm Input { get; set; } = new() { Country = "USA", PreferredLanguage = "English" };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Input.TryToDemographics(ModelState, nameof(Input), out var demographics))
        {
            PatientForm.AddErrors(ModelState, nameof(Input), demographics.Normalized().Validate(DateOnly.MaxValue));
            return Page();
        }
        switch (await register.HandleAsync(demographics, ct))
        {
            case PatientWriteResult.Saved saved:
                TempData["Flash"] = $"{saved.Patient.FullName} is registered with MRN {saved.Patient.DisplayMrn}.";
                return Redirect($"/Patients/{saved.Patient.Id}");
            case PatientWriteResult.Invalid invalid:
                PatientForm.AddErrors(ModelState, nameof(Input), invalid.Errors);
                return Page();
            default:
                throw new InvalidOperationException("Registration ended in an unexpected state.");
        }
    }
}
