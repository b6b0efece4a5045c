using BenchmarkDotNet.Running;

namespace PoseCluster.Bench.Runtime;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/PoseCluster.Bench.Runtime -- --filter '*'</c>.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
