using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PoseCluster.Storage.Objects;

/// <summary>
/// Starts the disk write of a file range that was just written, without waiting for it (Linux
/// <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>), so the disk works while the writer goes on and the
/// fsync before the rename only waits for the tail. Only a hint: durability still comes from that fsync
/// (this flushes no metadata), and where the call is missing or fails nothing changes but the speed.
/// </summary>
internal static partial class WriteBehind
{
    private const uint SyncFileRangeWrite = 2;

    /// <summary>Starts writing <paramref name="length"/> bytes at <paramref name="offset"/> of the file to disk; returns at once.</summary>
    public static void Start(SafeFileHandle file, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return;
        }

        try
        {
            // The result is ignored on purpose: a failed hint leaves all the work to the fsync.
            _ = sync_file_range(file, offset, length, SyncFileRangeWrite);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A libc without sync_file_range: the fsync does all the work.
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
