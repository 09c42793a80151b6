namespace KapCare.Web.Infrastructure;

public static class ExceptionMessages
{
    /// <summary>
    /// A domain refusal's message as a person reads it: without the " (Parameter 'x')" that ArgumentException appends.
    /// The domain's messages are written for the page; only this suffix is for developers.
    /// </summary>
    public static string ForPeople(this Exception exception) => exception.Message.Split(" (Parameter", 2)[0];
}
