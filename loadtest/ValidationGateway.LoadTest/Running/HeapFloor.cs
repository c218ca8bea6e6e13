namespace ValidationGateway.LoadTest.Running;

/// <summary>A block of 8 MB held on the large-object heap while the tool runs, so that the tool's own full
/// collections run in the background instead of stopping it.</summary>
/// <remarks>
/// The .NET collector makes a gen2 collection blocking when gen2, the large-object heap and the pinned-object heap each
/// hold less than 4 MB (<c>bgc_min_per_heap</c> in the runtime's collector; such a collection's condemn reasons carry
/// <c>gen_gen2_too_small</c>). With the demo catalog the tool keeps less than that. At 4,200 calls/s such a collection
/// came in most 20-s runs and paused the tool for 18–36 ms, and the run counted that pause as the gateway's latency.
/// With the block held, the same runs had no gen2 collection (docs/performance.md, item 30). Allocated without zeroing,
/// it added 4.8 MB to a test process's resident memory.
/// </remarks>
internal sealed class HeapFloor
{
    /// <summary>Twice the collector's 4-MB threshold.</summary>
    internal const int Bytes = 8 << 20;

    /// <summary>The block; exposed for tests.</summary>
    internal byte[] Block { get; } = GC.AllocateUninitializedArray<byte>(Bytes);

    /// <summary>Keeps the block alive up to the call (the JIT may otherwise drop a local's last reference early).</summary>
    public void Release() => GC.KeepAlive(Block);
}
