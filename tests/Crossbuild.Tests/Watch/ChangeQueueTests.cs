using Crossbuild.Watch;

namespace Crossbuild.Tests.Watch;

public class ChangeQueueTests
{
    [Fact]
    public void ChangesThatKeepComingAreOneBatchTakenOnceTheyStop()
    {
        var queue = new ChangeQueue { Quiet = TimeSpan.FromMilliseconds(80), MaxDelay = TimeSpan.FromSeconds(5) };
        var writer = new Thread(() =>
        {
            foreach (var f in new[] { "a.cs", "b.cs", "a.cs", "c.cs" })
            {
                queue.Add(f);
                Thread.Sleep(30);
            }
        });
        writer.Start();
        var batch = queue.Take(CancellationToken.None);
        writer.Join();
        batch!.Paths.Should().Equal("a.cs", "b.cs", "c.cs");
        queue.Pending.Should().BeFalse();
        (DateTime.UtcNow - batch.FirstSeen).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(80 + 3 * 30 - 20));
    }

    [Fact]
    public void AFileWrittenWithoutPauseStillBuildsAfterTheLongestDelay()
    {
        var queue = new ChangeQueue { Quiet = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300) };
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                queue.Add("log.cs");
                Thread.Sleep(20);
            }
        });
        writer.Start();
        var batch = queue.Take(CancellationToken.None);
        var waited = DateTime.UtcNow - batch!.FirstSeen;
        stop.Cancel();
        writer.Join();
        waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(280)).And.BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void ChangesWhileNobodyWaitsAreKeptAndCancellingAnEmptyWaitReturnsNull()
    {
        var queue = new ChangeQueue { Quiet = TimeSpan.FromMilliseconds(10) };
        queue.Add("x.cs"); // as during a build
        queue.Pending.Should().BeTrue();
        queue.Take(CancellationToken.None)!.Paths.Should().Equal("x.cs");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        queue.Take(cancel.Token).Should().BeNull();
    }
}
