using System.Net;
using KapCare.Web.Features.Consultations;
using Microsoft.Extensions.Options;

namespace KapCare.Web.Tests.Consultations;

/// <summary>The per-address limit on its own, with a clock the test moves.</summary>
public sealed class ConsultationRateLimiterTests
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (ConsultationRateLimiter Limiter, ManualTime Time) Create(int perHour = 5)
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        return (new ConsultationRateLimiter(time, Options.Create(new SelfScreenOptions { RequestsPerAddress = perHour, Window = TimeSpan.FromHours(1) })), time);
    }

    [Fact]
    public void Given_five_requests_in_an_hour_When_a_sixth_comes_Then_refused_until_the_first_is_an_hour_old()
    {
        var (limiter, time) = Create();
        var address = IPAddress.Parse("192.0.2.10");
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire(address, out _));
            time.Now += TimeSpan.FromMinutes(10);
        }

        // 09:50: the first request (09:00) leaves the window at 10:00.
        Assert.False(limiter.TryAcquire(address, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(10), retryAfter);
        time.Now += TimeSpan.FromMinutes(10);
        Assert.True(limiter.TryAcquire(address, out _));
        Assert.False(limiter.TryAcquire(address, out _));
    }

    [Fact]
    public void Given_addresses_Then_IPv6_counts_by_its_64_prefix_and_mapped_IPv4_as_IPv4()
    {
        Assert.Equal("2001:db8:1:2::/64", ConsultationRateLimiter.PartitionOf(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        Assert.Equal("192.0.2.1", ConsultationRateLimiter.PartitionOf(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.Equal("unknown", ConsultationRateLimiter.PartitionOf(null));

        var (limiter, _) = Create(perHour: 1);
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::1"), out _));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::99"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1"), out _));
    }
}
