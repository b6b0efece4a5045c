using PoseCluster.Datasets.Windows;

namespace PoseCluster.Datasets.Tests.Windows;

public sealed class SubjectSplitterTests
{
    [Fact]
    public void Human36m_follows_the_protocol_with_S9_and_S11_in_test()
    {
        var splitter = SubjectSplitter.Default;
        foreach (var s in new[] { "S1", "S5", "S6", "S7", "S8" })
        {
            Assert.Equal(DataSplit.Train, splitter.SplitOf("h36m", s));
        }

        Assert.Equal(DataSplit.Test, splitter.SplitOf("h36m", "S9"));
        Assert.Equal(DataSplit.Test, splitter.SplitOf("h36m", "S11"));
    }

    [Fact]
    public void Other_datasets_hash_subjects_stably_into_roughly_70_20_10()
    {
        var splitter = SubjectSplitter.Default;
        var counts = Enumerable.Range(0, 10000).Select(i => splitter.SplitOf("aistpp", $"d{i:D4}")).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts[DataSplit.Train], 6700, 7300);
        Assert.InRange(counts[DataSplit.Val], 1800, 2200);
        Assert.InRange(counts[DataSplit.Test], 850, 1150);

        // The published FNV-1a 64 test vectors: the split can never change between runs or machines.
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a64("foobar"));
        Assert.Equal(splitter.SplitOf("mads", "subject-1"), new SubjectSplitter(new Dictionary<string, SubjectLists>()).SplitOf("mads", "subject-1"));
    }

    [Fact]
    public void Configured_lists_win_over_the_hash_and_a_subject_in_two_lists_is_refused()
    {
        var splitter = new SubjectSplitter(new Dictionary<string, SubjectLists> { ["3dhp"] = new(["S1"], ["S2"], ["S8"]) });
        Assert.Equal(DataSplit.Train, splitter.SplitOf("3dhp", "S1"));
        Assert.Equal(DataSplit.Val, splitter.SplitOf("3dhp", "S2"));
        Assert.Equal(DataSplit.Test, splitter.SplitOf("3dhp", "S8"));
        Assert.Throws<ArgumentException>(() => new SubjectSplitter(new Dictionary<string, SubjectLists> { ["3dhp"] = new(["S1"], [], ["S1"]) }));
        Assert.Throws<ArgumentException>(() => new SubjectSplitter(new Dictionary<string, SubjectLists>(), 70, 20, 20));
    }
}
