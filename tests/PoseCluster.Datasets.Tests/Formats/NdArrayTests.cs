using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.Tests.Formats;

public sealed class NdArrayTests
{
    [Fact]
    public void Unsigned_elements_convert_as_unsigned_even_though_the_clr_lets_ulong_arrays_pass_as_long_arrays()
    {
        var array = NdArray.Create(new ulong[] { ulong.MaxValue, 1 }, 2);

        Assert.Equal([18446744073709551615.0, 1.0], array.ToDoubleArray());
        Assert.Equal([4294967295.0], NdArray.Create(new uint[] { uint.MaxValue }, 1).ToDoubleArray());
        Assert.Equal([255f], NdArray.Create(new byte[] { 255 }, 1).ToSingleArray());
        Assert.Throws<InvalidOperationException>(() => array.AsSpan<long>().ToArray());
    }

    [Fact]
    public void A_shape_that_the_data_does_not_fill_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => NdArray.Create(new float[5], 2, 3));
    }

    [Fact]
    public void Object_arrays_have_no_numeric_view()
    {
        var array = NdArray.CreateObjects(["a", 1L], 2);

        Assert.True(array.IsObjectArray);
        Assert.Throws<InvalidOperationException>(() => array.ToDoubleArray());
        Assert.Equal(["a", 1L], array.ToObjectList());
    }

    [Fact]
    public void Nan_sum_counts_true_values_of_a_bool_array()
    {
        Assert.Equal(2.0, NdArray.Create(new[] { true, false, true }, 3).NanSum());
    }
}
