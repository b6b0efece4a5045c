using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PoseCluster.Datasets.Geometry;
using PoseCluster.Datasets.Skeleton;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// AugMotion steps 1–2 (SoloPose §3.1, ARCHITECTURE §4): keep the upright frames, cluster their
/// root-relative poses with k-means (k-means++ seeding from a fixed seed, Lloyd iterations until the
/// assignments stop changing or the cap), and take the member nearest the centre of the largest
/// cluster. With fewer upright frames than clusters, every valid frame is clustered instead.
/// Deterministic for a given seed: ties go to the lowest index.
/// </summary>
public static class KeyFrameSelector
{
    /// <summary>
    /// Coordinates clustered per frame: joints 1..16 relative to the pelvis. The pelvis itself is always
    /// zero after subtracting it, so leaving it out changes no distance and makes rows 48 floats, a
    /// whole number of SIMD vectors.
    /// </summary>
    private const int Dimensions = PoseSequence.FloatsPerFrame - 3;

    /// <summary>
    /// A relative margin above the rounding of a distance computed in float over 48 coordinates (under
    /// 51·2⁻²⁴ ≈ 3e-6 of the squared distance), so that pruning by bounds never decides differently from
    /// the distances themselves.
    /// </summary>
    private const double DistanceRounding = 1e-5;

    /// <summary>
    /// True when the frame's pelvis→shoulder-midpoint vector lies within the angle whose cosine is
    /// <paramref name="minCosine"/> of <paramref name="up"/> (unit). A zero-length torso is not upright.
    /// </summary>
    public static bool IsUpright(ReadOnlySpan<float> frame, Vector3d up, double minCosine)
    {
        var pelvis = Vector3d.At(frame, H36mSkeleton.Pelvis);
        var mid = 0.5 * (Vector3d.At(frame, H36mSkeleton.LeftShoulder) + Vector3d.At(frame, H36mSkeleton.RightShoulder));
        var torso = mid - pelvis;
        var length = torso.Length;
        return length > 0 && Vector3d.Dot(torso, up) >= minCosine * length;
    }

    /// <summary>
    /// Chooses the key frame of <paramref name="sequence"/>. Valid frames must be finite (the caller
    /// checks); a sequence without valid frames is rejected.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static KeyFrameSelection Select(PoseSequence sequence, AugMotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(options);
        var up = new Vector3d(sequence.UpAxis.X, sequence.UpAxis.Y, sequence.UpAxis.Z);
        if (!(up.Length > 0) || !up.IsFinite)
        {
            return KeyFrameSelection.Rejected("the source's up axis is zero or not finite");
        }

        up = up.Normalized();
        var minCosine = Math.Cos(options.UprightMaxAngleDegrees * Math.PI / 180);
        var upright = new List<int>();
        var valid = new List<int>();
        for (var f = 0; f < sequence.FrameCount; f++)
        {
            if (!sequence.Valid[f])
            {
                continue;
            }

            valid.Add(f);
            if (IsUpright(sequence.Frame(f), up, minCosine))
            {
                upright.Add(f);
            }
        }

        if (valid.Count == 0)
        {
            return KeyFrameSelection.Rejected("no valid frames (every frame is NaN or missing)");
        }

        var useAll = upright.Count < options.Clusters;
        var candidates = useAll ? valid : upright;
        // The n x 48 working copy is the one large buffer per sequence: rented, so parallel workers
        // do not churn the large-object heap (whose collections stop every thread).
        var points = ArrayPool<float>.Shared.Rent(candidates.Count * Dimensions);
        try
        {
            RootRelative(sequence, candidates, points);
            var centres = KMeans(points, candidates.Count, Math.Min(options.Clusters, candidates.Count), options, out var assignment);

            var clusterCount = centres.Length / Dimensions;
            var sizes = new int[clusterCount];
            foreach (var a in assignment)
            {
                sizes[a]++;
            }

            var largest = 0;
            for (var c = 1; c < clusterCount; c++)
            {
                if (sizes[c] > sizes[largest])
                {
                    largest = c;
                }
            }

            var best = -1;
            var bestDistance = double.PositiveInfinity;
            var centre = centres.AsSpan(largest * Dimensions, Dimensions);
            for (var i = 0; i < candidates.Count; i++)
            {
                if (assignment[i] != largest)
                {
                    continue;
                }

                var d = SquaredDistance(points.AsSpan(i * Dimensions, Dimensions), centre);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = i;
                }
            }

            return new(candidates[best], upright.Count, useAll, null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(points);
        }
    }

    /// <summary>The candidate frames' joints 1..16 with the pelvis subtracted, n x 48 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RootRelative(PoseSequence sequence, List<int> frames, float[] points)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = sequence.Frame(frames[i]);
            var row = points.AsSpan(i * Dimensions, Dimensions);
            float px = frame[0], py = frame[1], pz = frame[2];
            for (var j = 0; j < Dimensions; j += 3)
            {
                row[j] = frame[j + 3] - px;
                row[j + 1] = frame[j + 4] - py;
                row[j + 2] = frame[j + 5] - pz;
            }
        }

    }

    /// <summary>k-means++ seeding then Lloyd iterations; returns k x 48 centres and each point's cluster.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] KMeans(float[] points, int n, int k, AugMotionOptions options, out int[] assignment)
    {
        var random = new SplitMix64(options.Seed);
        var centres = new float[k * Dimensions];
        var nearest = new double[n];
        var first = random.NextInt(n);
        points.AsSpan(first * Dimensions, Dimensions).CopyTo(centres);
        for (var i = 0; i < n; i++)
        {
            nearest[i] = SquaredDistance(points.AsSpan(i * Dimensions, Dimensions), centres.AsSpan(0, Dimensions));
        }

        for (var c = 1; c < k; c++)
        {
            double total = 0;
            foreach (var d in nearest)
            {
                total += d;
            }

            // Sample with probability proportional to D²; if every point sits on a centre, take the next index.
            var chosen = (first + c) % n;
            if (total > 0)
            {
                var target = random.NextDouble() * total;
                double cumulative = 0;
                chosen = -1;
                for (var i = 0; i < n; i++)
                {
                    cumulative += nearest[i];
                    if (nearest[i] > 0 && cumulative > target)
                    {
                        chosen = i;
                        break;
                    }
                }

                if (chosen < 0)
                {
                    // Rounding left the target past the last cumulative sum: the last point with D² > 0.
                    chosen = Array.FindLastIndex(nearest, d => d > 0);
                }
            }

            points.AsSpan(chosen * Dimensions, Dimensions).CopyTo(centres.AsSpan(c * Dimensions));
            for (var i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], SquaredDistance(points.AsSpan(i * Dimensions, Dimensions), centres.AsSpan(c * Dimensions, Dimensions)));
            }
        }

        assignment = new int[n];
        Array.Fill(assignment, -1);
        var sums = new double[k * Dimensions];
        var counts = new int[k];
        // Hamerly's bounds: upper[i] ≥ the distance of point i to its centre, lower[i] ≤ its distance to any
        // other centre. A point whose bounds are apart by more than the rounding of a computed distance
        // cannot change cluster, so its distances are not computed: the assignments (and so the result)
        // are exactly those of computing every distance every time.
        var upper = ArrayPool<double>.Shared.Rent(n);
        var lower = ArrayPool<double>.Shared.Rent(n);
        var previousCentres = new float[centres.Length];
        var drift = new double[k];
        try
        {
            for (var iteration = 0; iteration < options.MaxIterations; iteration++)
            {
                var changed = false;
                for (var i = 0; i < n; i++)
                {
                    if (assignment[i] >= 0 && upper[i] * (1 + DistanceRounding) < lower[i] * (1 - DistanceRounding))
                    {
                        continue;
                    }

                    var point = points.AsSpan(i * Dimensions, Dimensions);
                    var bestCluster = k == 3
                        ? NearestOfThree(point, centres, out var bestDistance, out var secondDistance)
                        : NearestCentre(point, centres, k, out bestDistance, out secondDistance);
                    upper[i] = Math.Sqrt(bestDistance) * (1 + DistanceRounding);
                    lower[i] = Math.Sqrt(secondDistance) * (1 - DistanceRounding);

                    var previous = assignment[i];
                    if (previous != bestCluster)
                    {
                        // Sums follow the moves only: after the first pass few points change cluster.
                        // Float coordinates in mm add exactly in double, so this equals a full recount.
                        if (previous >= 0)
                        {
                            counts[previous]--;
                            Accumulate(sums.AsSpan(previous * Dimensions, Dimensions), point, -1);
                        }

                        counts[bestCluster]++;
                        Accumulate(sums.AsSpan(bestCluster * Dimensions, Dimensions), point, 1);
                        assignment[i] = bestCluster;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }

                centres.CopyTo(previousCentres, 0);
                for (var c = 0; c < k; c++)
                {
                    // An empty cluster keeps its previous centre.
                    if (counts[c] == 0)
                    {
                        continue;
                    }

                    for (var d = 0; d < Dimensions; d++)
                    {
                        centres[(c * Dimensions) + d] = (float)(sums[(c * Dimensions) + d] / counts[c]);
                    }
                }

                var maxDrift = 0.0;
                for (var c = 0; c < k; c++)
                {
                    // How far each centre moved, rounded up (the bounds must stay bounds).
                    drift[c] = (Math.Sqrt(ExactSquaredDistance(centres.AsSpan(c * Dimensions, Dimensions), previousCentres.AsSpan(c * Dimensions, Dimensions))) * (1 + 1e-9)) + 1e-9;
                    maxDrift = Math.Max(maxDrift, drift[c]);
                }

                for (var i = 0; i < n; i++)
                {
                    upper[i] += drift[assignment[i]];
                    lower[i] -= maxDrift;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(upper);
            ArrayPool<double>.Shared.Return(lower);
        }

        return centres;
    }

    /// <summary>
    /// The index of the nearest of three centres (the paper's k; ties: the lowest index), every distance
    /// computed exactly as <see cref="SquaredDistance"/> computes it, but in one pass over the point with
    /// the three sums in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NearestOfThree(ReadOnlySpan<float> point, float[] centres, out double bestDistance, out double secondDistance)
    {
        ref var p = ref MemoryMarshal.GetReference(point);
        ref var c = ref MemoryMarshal.GetArrayDataReference(centres);
        Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero;
        for (nuint i = 0; i < Dimensions; i += (nuint)Vector256<float>.Count)
        {
            var x = Vector256.LoadUnsafe(ref p, i);
            var e0 = x - Vector256.LoadUnsafe(ref c, i);
            var e1 = x - Vector256.LoadUnsafe(ref c, i + Dimensions);
            var e2 = x - Vector256.LoadUnsafe(ref c, i + (2 * Dimensions));
            a0 += e0 * e0;
            a1 += e1 * e1;
            a2 += e2 * e2;
        }

        double d0 = LaneSum(a0), d1 = LaneSum(a1), d2 = LaneSum(a2);
        int best;
        if (d1 < d0)
        {
            (best, bestDistance, secondDistance) = d2 < d1 ? (2, d2, d1) : (1, d1, Math.Min(d0, d2));
        }
        else
        {
            (best, bestDistance, secondDistance) = d2 < d0 ? (2, d2, d0) : (0, d0, Math.Min(d1, d2));
        }

        return best;
    }

    /// <summary>The index of the nearest of <paramref name="k"/> centres (ties: the lowest index), its squared distance and the next smallest.</summary>
    private static int NearestCentre(ReadOnlySpan<float> point, float[] centres, int k, out double bestDistance, out double secondDistance)
    {
        var best = 0;
        bestDistance = SquaredDistance(point, centres.AsSpan(0, Dimensions));
        secondDistance = double.PositiveInfinity;
        for (var c = 1; c < k; c++)
        {
            var d = SquaredDistance(point, centres.AsSpan(c * Dimensions, Dimensions));
            if (d < bestDistance)
            {
                (best, secondDistance, bestDistance) = (c, bestDistance, d);
            }
            else if (d < secondDistance)
            {
                secondDistance = d;
            }
        }

        return best;
    }

    /// <summary>‖a − b‖² in double, element by element (for the centres' drift, where rounding must not shrink it).</summary>
    private static double ExactSquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>
    /// The sum of the 8 lanes in a fixed order, ((0+4)+(1+5))+((2+6)+(3+7)) — the order AVX's horizontal
    /// adds use — written out so that every machine, with or without AVX, gets the same bits.
    /// </summary>
    private static double LaneSum(Vector256<float> v)
    {
        var a = (v.GetElement(0) + v.GetElement(4)) + (v.GetElement(1) + v.GetElement(5));
        var b = (v.GetElement(2) + v.GetElement(6)) + (v.GetElement(3) + v.GetElement(7));
        return a + b;
    }

    /// <summary>sum += sign·point, element-wise, in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(Span<double> sum, ReadOnlySpan<float> point, double sign)
    {
        for (var d = 0; d < point.Length; d++)
        {
            sum[d] += sign * point[d];
        }
    }

    /// <summary>‖a − b‖² over two rows of equal length, 8 floats at a time (a row is 6 vectors) with a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var length = Math.Min(a.Length, b.Length);
        var acc = Vector256<float>.Zero;
        var i = 0;
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var diff = Vector256.LoadUnsafe(ref pa, (nuint)i) - Vector256.LoadUnsafe(ref pb, (nuint)i);
            acc += diff * diff;
        }

        var sum = LaneSum(acc);
        for (; i < length; i++)
        {
            var diff = a[i] - b[i];
            sum += diff * diff;
        }

        return sum;
    }
}
