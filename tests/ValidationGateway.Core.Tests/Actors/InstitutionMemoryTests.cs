using System.Globalization;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Tests.Support;

namespace ValidationGateway.Core.Tests.Actors;

public class InstitutionMemoryTests
{
    private const int Day = 739_000;

    [Fact]
    public void Expire_VisitIdlePastTtl_IsForgotten()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        memory.GetVisit("A").AddCharge("X");
        time.Advance(TimeSpan.FromMinutes(59));
        memory.Expire();
        Assert.Equal(1, memory.VisitCount);
        time.Advance(TimeSpan.FromMinutes(2));
        memory.Expire();
        Assert.Equal(0, memory.VisitCount);
        Assert.False(memory.GetVisit("A").HasCharged("X"));
    }

    [Fact]
    public void Expire_VisitIdlePastTtl_RemovesItsLinesAndCodes()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        var expiring = memory.GetVisit("A");
        expiring.SetLine("SN1", 11);
        expiring.SetLine("SN2", 12);
        expiring.AddCharge("X");
        expiring.AddCharge("Y");
        expiring.AddSelfPay(50m);
        time.Advance(TimeSpan.FromMinutes(30));
        var kept = memory.GetVisit("B");
        kept.SetLine("SN1", 21);
        kept.AddCharge("X");
        Assert.Equal(3, memory.LineCount);
        Assert.Equal(3, memory.ChargedCodeCount);

        time.Advance(TimeSpan.FromMinutes(31));
        memory.Expire();

        Assert.Equal(1, memory.VisitCount);
        Assert.Equal(1, memory.LineCount);
        Assert.Equal(1, memory.ChargedCodeCount);
        var again = memory.GetVisit("A");
        Assert.False(again.TryGetLine("SN1", out _));
        Assert.False(again.HasCharged("X"));
        Assert.Equal(0m, again.SelfPayTotal);
        Assert.True(memory.GetVisit("B").TryGetLine("SN1", out var hash));
        Assert.Equal(21, hash);
    }

    [Fact]
    public void Expire_PatientDayIdlePastTtl_RemovesItsQuantities()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        memory.GetPatientDay("P1", Day).AddQuantity("X", 2m);
        memory.GetPatientDay("P1", Day).AddQuantity("Y", 1m);
        Assert.Equal(2, memory.QuantityCount);
        time.Advance(TimeSpan.FromMinutes(61));
        memory.Expire();
        Assert.Equal(0, memory.PatientDayCount);
        Assert.Equal(0, memory.QuantityCount);
        Assert.Equal(0m, memory.GetPatientDay("P1", Day).QuantityOf("X"));
    }

    [Fact]
    public void Expire_VisitTouchedRecently_IsKeptWhileOlderOnesGo()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        memory.GetVisit("old");
        memory.GetVisit("touched").AddCharge("X");
        time.Advance(TimeSpan.FromMinutes(50));
        memory.GetVisit("touched");
        time.Advance(TimeSpan.FromMinutes(20));
        memory.Expire();
        Assert.Equal(1, memory.VisitCount);
        Assert.Equal(1, memory.GetVisit("touched").ChargedCount("X"));
    }

    [Fact]
    public void GetVisit_OverTheSizeCap_EvictsTheOldest()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 100 }, new FakeTimeProvider());
        for (var i = 0; i < 1000; i++)
        {
            var visit = memory.GetVisit("V" + i);
            visit.AddSelfPay(i);
            visit.SetLine("1", i);
            visit.SetLine("2", i);
            visit.AddCharge("X");
        }

        Assert.Equal(100, memory.VisitCount);
        Assert.Equal(200, memory.LineCount);
        Assert.Equal(100, memory.ChargedCodeCount);
        Assert.Equal(100, memory.VisitSlots);
        Assert.Equal(999m, memory.GetVisit("V999").SelfPayTotal);
        Assert.True(memory.GetVisit("V900").TryGetLine("2", out var line));
        Assert.Equal(900, line);

        var evicted = memory.GetVisit("V0");
        Assert.Equal(0m, evicted.SelfPayTotal);
        Assert.False(evicted.HasCharged("X"));
        Assert.False(evicted.TryGetLine("1", out _));
    }

    [Fact]
    public void GetVisit_AtTheCap_EvictsTheOldestInsertionEvenIfTouchedSince()
    {
        // Approximate LRU, as before: eviction at the cap is by insertion order; only Expire re-queues touched entries.
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 2 }, new FakeTimeProvider());
        memory.GetVisit("A").AddCharge("X");
        memory.GetVisit("B").AddCharge("X");
        memory.GetVisit("A");
        memory.GetVisit("C");
        Assert.Equal(2, memory.VisitCount);
        Assert.True(memory.GetVisit("B").HasCharged("X"));
        Assert.False(memory.GetVisit("A").HasCharged("X"));
    }

    [Fact]
    public void GetVisit_HandleUsedAfterItsVisitWasEvicted_Throws()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 1 }, new FakeTimeProvider());
        var first = memory.GetVisit("A");
        memory.GetVisit("B");
        Assert.Throws<InvalidOperationException>(() => first.AddCharge("X"));
        Assert.Throws<InvalidOperationException>(() => first.TryGetLine("1", out _));
    }

    [Fact]
    public void GetVisit_ManyVisits_GrowsPastTheInitialCapacityAndKeepsEveryEntry()
    {
        const int visits = 20_000;
        var memory = new InstitutionMemory(new VisitMemoryOptions(), new FakeTimeProvider());
        Assert.Equal(0, memory.VisitSlots);
        for (var i = 0; i < visits; i++)
        {
            var visit = memory.GetVisit(Id("MDT", i));
            for (var n = 0; n < 3; n++)
            {
                visit.SetLine(Id("SN", n), (i * 3) + n);
            }

            visit.AddCharge(Id("CODE", i % 7));
            visit.AddCharge("SHARED");
            visit.AddCharge("SHARED");
        }

        Assert.Equal(visits, memory.VisitCount);
        Assert.InRange(memory.VisitSlots, visits, 2 * visits);
        Assert.Equal(3 * visits, memory.LineCount);
        Assert.Equal(2 * visits, memory.ChargedCodeCount);
        for (var i = 0; i < visits; i++)
        {
            var visit = memory.GetVisit(Id("MDT", i));
            for (var n = 0; n < 3; n++)
            {
                Assert.True(visit.TryGetLine(Id("SN", n), out var hash));
                Assert.Equal((i * 3) + n, hash);
            }

            Assert.False(visit.TryGetLine(Id("SN", 3), out _));
            Assert.Equal(1, visit.ChargedCount(Id("CODE", i % 7)));
            Assert.False(visit.HasCharged(Id("CODE", (i + 1) % 7)));
            Assert.Equal(2, visit.ChargedCount("SHARED"));
        }

        Assert.Equal(visits, memory.VisitCount);
    }

    [Fact]
    public void GetVisit_LargeTableEvictedAndReused_NewestVisitsKeepEveryEntry()
    {
        // Evictions free slots all over a large table, and new visits (with their lines and codes) reuse them.
        const int cap = 40_000;
        const int visits = 100_000;
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = cap }, new FakeTimeProvider());
        for (var i = 0; i < visits; i++)
        {
            var visit = memory.GetVisit(Id("MDT", i));
            visit.SetLine(Id("SN", 0), i);
            visit.SetLine(Id("SN", 1), -i);
            visit.AddCharge(Id("CODE", i % 11));
        }

        Assert.Equal(cap, memory.VisitCount);
        Assert.Equal(2 * cap, memory.LineCount);
        Assert.Equal(cap, memory.ChargedCodeCount);
        Assert.InRange(memory.VisitSlots, cap, 2 * cap);
        for (var i = visits - cap; i < visits; i++)
        {
            var visit = memory.GetVisit(Id("MDT", i));
            Assert.True(visit.TryGetLine(Id("SN", 0), out var first));
            Assert.True(visit.TryGetLine(Id("SN", 1), out var second));
            Assert.Equal((i, -i), (first, second));
            Assert.Equal(1, visit.ChargedCount(Id("CODE", i % 11)));
        }

        Assert.Equal(cap, memory.VisitCount);
    }

    [Fact]
    public void GetVisit_DifferentStringsInOneVisit_DoNotInterfere()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions(), new FakeTimeProvider());
        var visit = memory.GetVisit("MD001");
        for (var i = 0; i < 5_000; i++)
        {
            visit.SetLine(Id("", i), i);
            for (var k = 0; k <= i % 3; k++)
            {
                visit.AddCharge(Id("C", i));
            }
        }

        // The same text as a line serial, a code, another visit's serial and a patient's code are four different keys.
        var other = memory.GetVisit("MD002");
        other.SetLine("0000042", -1);
        memory.GetPatientDay("MD001", Day).AddQuantity("0000042", 9m);

        visit = memory.GetVisit("MD001");
        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(visit.TryGetLine(Id("", i), out var hash));
            Assert.Equal(i, hash);
            Assert.Equal((i % 3) + 1, visit.ChargedCount(Id("C", i)));
            Assert.False(visit.HasCharged(Id("", i)));
        }

        Assert.False(visit.TryGetLine("0000042 ", out _));
        Assert.False(visit.TryGetLine("000004", out _));
        Assert.True(memory.GetVisit("MD002").TryGetLine("0000042", out var otherHash));
        Assert.Equal(-1, otherHash);
        Assert.False(memory.GetVisit("MD002").TryGetLine("0000043", out _));
    }

    [Fact]
    public void GetVisit_FullMemoryInSteadyState_ReusesEvictedVisitsWithoutAllocating()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 64, MaxPatientDays = 64 }, new FakeTimeProvider());
        var keys = Enumerable.Range(0, 4096).Select(i => "MDT" + i).ToArray();
        var codes = Enumerable.Range(0, 8).Select(i => "CODE" + i).ToArray();
        void Use(int i)
        {
            memory.Expire();
            var visit = memory.GetVisit(keys[i % keys.Length]);
            foreach (var code in codes)
            {
                visit.TryGetLine(code, out _);
                visit.HasCharged(code);
                visit.AddCharge(code);
                visit.SetLine(code, 7);
            }

            var day = memory.GetPatientDay(keys[i % keys.Length], Day);
            day.AddQuantity(codes[0], day.QuantityOf(codes[0]) + 1m);
        }

        for (var i = 0; i < 512; i++)
        {
            Use(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 512; i < 2048; i++)
        {
            Use(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(64, memory.VisitCount);
        Assert.Equal(64 * 8, memory.LineCount);
        Assert.Equal(1, memory.GetVisit(keys[2047]).ChargedCount("CODE0"));
    }

    [Fact]
    public void GetVisit_ReusedVisit_StartsEmpty()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 1 }, new FakeTimeProvider());
        var first = memory.GetVisit("A");
        first.AddCharge("X");
        first.SetLine("1", 5);
        first.AddSelfPay(10);
        var second = memory.GetVisit("B");
        Assert.False(second.HasCharged("X"));
        Assert.False(second.TryGetLine("1", out _));
        Assert.Equal(0, second.SelfPayTotal);
    }

    [Fact]
    public void GetPatientDay_QuantitiesAddUpAcrossCallsPerCodeAndDay()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions(), new FakeTimeProvider());
        memory.GetPatientDay("P1", Day).AddQuantity("X", 1.5m);
        memory.GetPatientDay("P1", Day).AddQuantity("X", 2m);
        memory.GetPatientDay("P1", Day).AddQuantity("Y", 1m);
        memory.GetPatientDay("P1", Day + 1).AddQuantity("X", 4m);
        memory.GetPatientDay("P2", Day).AddQuantity("X", 8m);

        Assert.Equal(3.5m, memory.GetPatientDay("P1", Day).QuantityOf("X"));
        Assert.Equal(1m, memory.GetPatientDay("P1", Day).QuantityOf("Y"));
        Assert.Equal(0m, memory.GetPatientDay("P1", Day).QuantityOf("Z"));
        Assert.Equal(4m, memory.GetPatientDay("P1", Day + 1).QuantityOf("X"));
        Assert.Equal(8m, memory.GetPatientDay("P2", Day).QuantityOf("X"));
        Assert.Equal(3, memory.PatientDayCount);
    }

    [Fact]
    public void GetPatientDay_OverTheSizeCap_StaysBounded()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxPatientDays = 10 }, new FakeTimeProvider());
        for (var d = 0; d < 50; d++)
        {
            memory.GetPatientDay("P1", Day + d).AddQuantity("X", d);
        }

        Assert.Equal(10, memory.PatientDayCount);
        Assert.Equal(10, memory.QuantityCount);
        Assert.Equal(49m, memory.GetPatientDay("P1", Day + 49).QuantityOf("X"));
        Assert.Equal(0m, memory.GetPatientDay("P1", Day).QuantityOf("X"));
    }

    [Fact]
    public void Validate_BadBounds_NameTheSetting()
    {
        var errors = new VisitMemoryOptions { Ttl = TimeSpan.Zero, MaxVisits = 0, MaxPatientDays = -1 }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Validation:VisitMemory:Ttl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Validation:VisitMemory:MaxVisits", StringComparison.Ordinal));
    }

    private static string Id(string prefix, int i) => prefix + i.ToString("0000000", CultureInfo.InvariantCulture);
}
