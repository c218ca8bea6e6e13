using ValidationGateway.LoadTest.Running;

namespace ValidationGateway.LoadTest.Tests;

public class HeapFloorTests
{
    [Fact]
    public void Block_IsOnTheOldGenerationsAndAboveTheBlockingThreshold()
    {
        // The collector runs gen2 in the background only once gen2, the large-object heap or the pinned-object heap holds
        // more than 4 MB. The block only helps if it lands in one of them (an array this large goes to the large-object
        // heap, which reports the oldest generation) and exceeds that threshold.
        var floor = new HeapFloor();
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(floor.Block));
        Assert.True(floor.Block.Length > 4 << 20, $"{floor.Block.Length} bytes");
        floor.Release();
    }
}
