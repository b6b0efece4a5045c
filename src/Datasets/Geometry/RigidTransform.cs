using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PoseCluster.Datasets.Geometry;

/// <summary>A rotation and translation mapping a point p to <c>R·p + t</c> (mm).</summary>
/// <param name="Rotation">Proper rotation (determinant +1).</param>
/// <param name="Translation">Translation in mm.</param>
public readonly record struct RigidTransform(Matrix3x3d Rotation, Vector3d Translation)
{
    /// <summary>The identity transform.</summary>
    public static RigidTransform Identity => new(Matrix3x3d.Identity, Vector3d.Zero);

    /// <summary>Applies the transform to one point.</summary>
    public Vector3d Apply(Vector3d point) => (Rotation * point) + Translation;

    /// <summary>
    /// Applies the transform to every point of a flat x,y,z float array (frames x 17 x 3 or any point
    /// list); <paramref name="source"/> and <paramref name="destination"/> may be the same span. NaN
    /// points (invalid frames) stay NaN. The loop runs over <see cref="Vector3"/> lanes with the matrix
    /// held as three column vectors, so the JIT emits packed SIMD multiply-adds per point.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a multiple of 3.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyToPoints(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length != destination.Length || source.Length % 3 != 0)
        {
            throw new ArgumentException($"point arrays must have equal lengths that are multiples of 3 (got {source.Length} and {destination.Length})");
        }

        var c1 = new Vector3((float)Rotation.M11, (float)Rotation.M21, (float)Rotation.M31);
        var c2 = new Vector3((float)Rotation.M12, (float)Rotation.M22, (float)Rotation.M32);
        var c3 = new Vector3((float)Rotation.M13, (float)Rotation.M23, (float)Rotation.M33);
        var t = new Vector3((float)Translation.X, (float)Translation.Y, (float)Translation.Z);
        var input = MemoryMarshal.Cast<float, Vector3>(source);
        var output = MemoryMarshal.Cast<float, Vector3>(destination);
        for (var i = 0; i < input.Length; i++)
        {
            var p = input[i];
            output[i] = Vector3.FusedMultiplyAdd(c1, new Vector3(p.X), Vector3.FusedMultiplyAdd(c2, new Vector3(p.Y), Vector3.FusedMultiplyAdd(c3, new Vector3(p.Z), t)));
        }
    }
}
