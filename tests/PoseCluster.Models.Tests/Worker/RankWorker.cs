using System.Globalization;
using PoseCluster.Models.Distributed;

namespace PoseCluster.Models.Tests.Worker;

/// <summary>
/// The other rank of the two-process Gloo tests: <c>dotnet PoseCluster.Models.Tests.dll rank SCENARIO RANK
/// WORLD STORE-FOLDER [ARG]</c>. Prints one result line and exits 0, or prints the error and exits 1.
/// </summary>
internal static class RankWorker
{
    public static int Main(string[] args)
    {
        if (args.Length < 5 || args[0] != "rank")
        {
            Console.Error.WriteLine("usage: rank collectives|wait-to-be-killed|train|train-resumed RANK WORLD STORE-FOLDER [STEPS]");
            return 2;
        }

        var rank = int.Parse(args[2], CultureInfo.InvariantCulture);
        var world = int.Parse(args[3], CultureInfo.InvariantCulture);
        try
        {
            if (args[1] == "train-resumed")
            {
                // Two attempts, each with its own rendezvous: this scenario makes its groups itself.
                Console.WriteLine(TwoRanks.TrainResumed(rank, args[4], int.Parse(args[5], CultureInfo.InvariantCulture)));
                return 0;
            }

            using var group = ProcessGroup.Create(rank, world, new FileRendezvousStore(args[4]), "127.0.0.1", TwoRanks.Timeout);
            switch (args[1])
            {
                case "collectives":
                    Console.WriteLine(TwoRanks.Collectives(group));
                    break;
                case "wait-to-be-killed":
                    Console.WriteLine("ready");
                    Thread.Sleep(TwoRanks.Timeout * 2);
                    break;
                case "train":
                    Console.WriteLine(TwoRanks.Train(group, int.Parse(args[5], CultureInfo.InvariantCulture)));
                    break;
                default:
                    Console.Error.WriteLine($"unknown scenario {args[1]}");
                    return 2;
            }

            return 0;
        }
#pragma warning disable CA1031 // A worker reports every failure on stderr and through its exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
