namespace KapCare.Tests.Shared;

/// <summary>
/// The app's clock in tests: real time plus an offset a test moves forward (idle sign-out after 15 minutes
/// without waiting 15 minutes). It keeps running, so "now" never stands still between two requests.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
