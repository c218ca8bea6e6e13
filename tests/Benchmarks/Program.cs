using BenchmarkDotNet.Running;
using ValidationGateway.Benchmarks;
using ValidationGateway.Benchmarks.Engine;

if (args is ["memory-probe", .. var rest])
{
    return InstitutionMemoryProbe.Run(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, new BenchmarkConfig());
return 0;
