using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Tests.Support;

namespace ValidationGateway.Core.Tests.Actors;

public class InstitutionMemoryTests
{
    [Fact]
    public void Expire_VisitIdlePastTtl_IsForgotten()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        memory.GetVisit("A").Codes["X"] = 1;
        time.Advance(TimeSpan.FromMinutes(59));
        memory.Expire();
        Assert.Equal(1, memory.VisitCount);
        time.Advance(TimeSpan.FromMinutes(2));
        memory.Expire();
        Assert.Equal(0, memory.VisitCount);
        Assert.Empty(memory.GetVisit("A").Codes);
    }

    [Fact]
    public void Expire_VisitTouchedRecently_IsKeptWhileOlderOnesGo()
    {
        var time = new FakeTimeProvider();
        var memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(1) }, time);
        memory.GetVisit("old");
        memory.GetVisit("touched").Codes["X"] = 1;
        time.Advance(TimeSpan.FromMinutes(50));
        memory.GetVisit("touched");
        time.Advance(TimeSpan.FromMinutes(20));
        memory.Expire();
        Assert.Equal(1, memory.VisitCount);
        Assert.Equal(1, memory.GetVisit("touched").Codes["X"]);
    }

    [Fact]
    public void GetVisit_OverTheSizeCap_EvictsTheOldest()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 100 }, new FakeTimeProvider());
        for (var i = 0; i < 1000; i++)
        {
            memory.GetVisit("V" + i).Codes["X"] = i;
        }

        Assert.Equal(100, memory.VisitCount);
        Assert.Equal(999, memory.GetVisit("V999").Codes["X"]);
        Assert.Empty(memory.GetVisit("V0").Codes);
    }

    [Fact]
    public void GetVisit_FullMemoryInSteadyState_ReusesEvictedVisitsWithoutAllocating()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 64 }, new FakeTimeProvider());
        var keys = Enumerable.Range(0, 4096).Select(i => "MDT" + i).ToArray();
        var codes = Enumerable.Range(0, 8).Select(i => "CODE" + i).ToArray();
        void Use(int i)
        {
            var visit = memory.GetVisit(keys[i % keys.Length]);
            foreach (var code in codes)
            {
                visit.Codes[code] = 1;
                visit.Lines[code] = 7;
            }
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
        Assert.Equal(1, memory.GetVisit(keys[2047]).Codes["CODE0"]);
    }

    [Fact]
    public void GetVisit_ReusedVisit_StartsEmpty()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxVisits = 1 }, new FakeTimeProvider());
        var first = memory.GetVisit("A");
        first.Codes["X"] = 1;
        first.SelfPayTotal = 10;
        var second = memory.GetVisit("B");
        Assert.Empty(second.Codes);
        Assert.Equal(0, second.SelfPayTotal);
    }

    [Fact]
    public void GetPatientDay_OverTheSizeCap_StaysBounded()
    {
        var memory = new InstitutionMemory(new VisitMemoryOptions { MaxPatientDays = 10 }, new FakeTimeProvider());
        for (var d = 0; d < 50; d++)
        {
            memory.GetPatientDay("P1", 739_000 + d).Quantities["X"] = d;
        }

        Assert.Equal(10, memory.PatientDayCount);
    }

    [Fact]
    public void Validate_BadBounds_NameTheSetting()
    {
        var errors = new VisitMemoryOptions { Ttl = TimeSpan.Zero, MaxVisits = 0, MaxPatientDays = -1 }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Validation:VisitMemory:Ttl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Validation:VisitMemory:MaxVisits", StringComparison.Ordinal));
    }
}
