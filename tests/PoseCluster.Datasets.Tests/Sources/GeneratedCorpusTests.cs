using System.Diagnostics;

namespace PoseCluster.Datasets.Tests.Sources;

/// <summary>
/// Runs tools/synth at a larger size (more subjects and sequences, few frames) into a temporary folder,
/// once for the class, and loads it: the size the demo and the benchmarks use, where pickles carry
/// hundreds of memo entries and 3DHP has every subject.
/// </summary>
public sealed class GeneratedCorpusTests(GeneratedCorpusTests.Corpus corpus) : IClassFixture<GeneratedCorpusTests.Corpus>
{
    [Theory]
    [InlineData("h36m")]
    [InlineData("3dhp")]
    [InlineData("aistpp")]
    [InlineData("mads")]
    public void A_size_2_corpus_matches_its_ground_truth_joint_by_joint(string kind) =>
        LoaderGroundTruthTests.AssertMatchesGroundTruth(kind, Path.Combine(corpus.Folder, kind));

    [Fact]
    public void A_size_2_human36m_corpus_has_every_subject_and_still_lacks_S11_Directions()
    {
        var subjects = SyntheticFixtures.TruthIn(Path.Combine(corpus.Folder, "h36m")).Sequences.GroupBy(s => s.Subject).ToList();
        Assert.Equal(["S1", "S5", "S6", "S7", "S8", "S9", "S11"], subjects.Select(g => g.Key));
        Assert.DoesNotContain(subjects.Single(g => g.Key == "S11"), s => s.Action == "Directions");
    }

    /// <summary>The generated corpus, deleted after the class.</summary>
    public sealed class Corpus : IDisposable
    {
        public Corpus()
        {
            Folder = Directory.CreateTempSubdirectory("posecluster-synth-").FullName;
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var start = new ProcessStartInfo(python)
            {
                ArgumentList = { Path.Combine(SyntheticFixtures.RepositoryRoot, "tools", "synth", "synth.py"), "--out", Folder, "--seed", "11", "--size", "2", "--frames", "3" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/synth failed ({process.ExitCode}): {errors.Result}");
            }
        }

        public string Folder { get; }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
