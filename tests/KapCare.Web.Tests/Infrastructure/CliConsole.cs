using KapCare.Web.Cli;

namespace KapCare.Web.Tests.Infrastructure;

/// <summary>
/// Runs <c>kapcare</c> in-process as a shell would, with the console captured (and standard input given), and puts the
/// console back afterwards. Tests that use it join <c>ConsoleCollection</c>: the console is one per process.
/// </summary>
public static class CliConsole
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(string[] args, string? stdin = null)
    {
        var (oldOut, oldError, oldIn) = (Console.Out, Console.Error, Console.In);
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            Console.SetIn(new StringReader(stdin ?? string.Empty));
            var exit = await KapCareCli.RunAsync(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            Console.SetIn(oldIn);
        }
    }
}
