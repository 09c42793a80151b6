using System.Runtime.CompilerServices;

// The mass-balance tests read every compartment's amount (PkSimulator.SimulateAmounts), which is not public API.
[assembly: InternalsVisibleTo("KapCare.Clinical.Tests")]
