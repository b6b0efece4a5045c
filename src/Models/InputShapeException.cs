namespace PoseCluster.Models;

/// <summary>An input, target or output buffer whose length does not match the model's shapes; checked before any tensor is touched.</summary>
public sealed class InputShapeException : ArgumentException
{
    /// <summary>Creates the exception naming the buffer, its length and the expected one.</summary>
    public InputShapeException(string name, long actual, long expected, string shape)
        : base($"{name} has {actual} floats, expected {expected} ({shape})")
    {
        Name = name;
        Actual = actual;
        Expected = expected;
    }

    /// <summary>The buffer (input, pose3d, joints, volumes, ...).</summary>
    public string Name { get; }

    /// <summary>Its length in floats.</summary>
    public long Actual { get; }

    /// <summary>The length the shapes call for.</summary>
    public long Expected { get; }
}
