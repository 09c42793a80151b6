using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Features.Consultations;

/// <summary>How many consultation requests one network address may send (configuration section "SelfScreen").</summary>
public sealed class SelfScreenOptions
{
    /// <summary>A person sends one, maybe two; a few more allows a shared household or office connection.</summary>
    public int RequestsPerAddress { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A sliding-window limit on consultation requests per client address, so a script cannot flood the front desk's
/// queue (issue 4: "rate limit per address"). ASP.NET Core's rate-limiting middleware limits a whole endpoint, and the
/// self-screen page's GET and result must stay unlimited, so the request handler asks this class instead; it reads
/// time from <see cref="TimeProvider"/> so tests can move the clock. State is per app instance (docs/decisions/0009):
/// with N instances behind a balancer an address gets at most N × the limit, still a flood stopped.
/// </summary>
public sealed class ConsultationRateLimiter(TimeProvider time, IOptions<SelfScreenOptions> options)
{
    /// <summary>Above this many tracked addresses, stale ones are swept on the next call, so memory stays bounded.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> hits = new(StringComparer.Ordinal);

    /// <summary>Counts one request from <paramref name="address"/>; false (with when to retry) when it is over the limit.</summary>
    public bool TryAcquire(IPAddress? address, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        var window = options.Value.Window;
        if (hits.Count > SweepAbove) Sweep(now - window);
        var queue = hits.GetOrAdd(PartitionOf(address), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - window) queue.Dequeue();
            if (queue.Count >= options.Value.RequestsPerAddress)
            {
                retryAfter = queue.Peek() + window - now;
                return false;
            }
            queue.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>
    /// The address a limit applies to. An IPv4-mapped IPv6 address is its IPv4 address; an IPv6 address counts by its
    /// /64 prefix, since one home or phone is usually given a whole /64 (RFC 6177) and could otherwise rotate freely.
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Sweep(DateTimeOffset before)
    {
        foreach (var (key, queue) in hits)
        {
            lock (queue)
            {
                if (queue.Count == 0 || queue.Last() <= before) hits.TryRemove(key, out _);
            }
        }
    }
}
