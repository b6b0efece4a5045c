using PoseCluster.Models.Native;

namespace PoseCluster.Models.Tests;

public sealed class NativeLibraryTests
{
    [Fact]
    public void A_missing_library_is_reported_naming_the_file_the_folders_and_the_variable()
    {
        var empty = Directory.CreateTempSubdirectory("posecluster-native-").FullName;
        try
        {
            var error = Assert.Throws<NativeException>(() => NativeLibraryLocator.Locate([empty]));
            Assert.Equal(NativeStatus.LibraryMissing, error.Status);
            Assert.Contains(NativeLibraryLocator.FileName, error.Message, StringComparison.Ordinal);
            Assert.Contains(empty, error.Message, StringComparison.Ordinal);
            Assert.Contains(NativeLibraryLocator.DirectoryVariable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void The_library_next_to_the_tests_loads_with_the_expected_abi()
    {
        NativeMethods.EnsureLoaded();
        Assert.True(File.Exists(NativeLibraryLocator.Locate(NativeLibraryLocator.CandidateDirectories())));
    }
}
