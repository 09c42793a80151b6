using KapCare.Web.Cli;

return await KapCareCli.RunAsync(args);

/// <summary>The entry point; everything it does is a <c>kapcare</c> command (see <see cref="KapCareCli"/>).</summary>
public partial class Program;
