using System.Threading.Channels;
using KapCare.Web.Data;

namespace KapCare.Web.Features.Measures;

/// <summary>
/// Group commit for questionnaire submissions. Each submission's rows (response, observations, alerts, audit
/// entry) are queued; one writer takes whatever has queued up and stores it in a single transaction, so many
/// clients share one disk sync while every commit stays fully durable (SQLite synchronous=FULL). Callers wait
/// until their own rows are committed. If a batch fails, its submissions are retried one by one, so one bad
/// submission fails alone. Submissions are queued only after they were validated and scored.
/// </summary>
public sealed class SubmissionWriter : IAsyncDisposable
{
    /// <summary>Large enough to absorb a burst from many clients, small enough to keep one transaction short.</summary>
    public const int MaxBatch = 64;

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<SubmissionWriter> logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public SubmissionWriter(IServiceScopeFactory scopes, ILogger<SubmissionWriter> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    private sealed record Pending(IReadOnlyList<object> Rows, TaskCompletionSource Committed);

    /// <summary>Stores the rows in one transaction with whatever else is queued; completes when they are committed.</summary>
    public Task WriteAsync(IReadOnlyList<object> rows, CancellationToken ct = default)
    {
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending)) throw new InvalidOperationException("KapCare is shutting down; the submission was not stored.");
        // A caller that gives up (request aborted) stops waiting; its rows are still stored, as with any committed request.
        return pending.Committed.Task.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await CommitAsync(batch);
                foreach (var pending in batch) pending.Committed.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var pending in batch)
                {
                    try
                    {
                        await CommitAsync([pending]);
                        pending.Committed.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        pending.Committed.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Committed.TrySetException(ex);
            }
            if (batch.Count > 1) logger.LogDebug("Committed {Count} submissions in one transaction", batch.Count);
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> batch)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KapCareDbContext>();
        foreach (var pending in batch) db.AddRange(pending.Rows);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }
}
