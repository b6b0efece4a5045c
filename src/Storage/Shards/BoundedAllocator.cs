using System.Buffers;
using Apache.Arrow.Memory;

namespace PoseCluster.Storage.Shards;

/// <summary>
/// The memory Apache.Arrow reads record batch bodies into, refused beyond the size of the file: a
/// damaged length in a message is then an error instead of an allocation of up to 2 GB.
/// </summary>
internal sealed class BoundedAllocator(long limit) : MemoryAllocator
{
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        if (length > limit)
        {
            throw new InvalidDataException($"a record batch body of {length} bytes is larger than the whole file ({limit} bytes)");
        }

        bytesAllocated = length;
        return Default.Value.Allocate(length);
    }
}
