using PoseCluster.Runtime.Configuration;

namespace PoseCluster.Runtime.TestKit;

/// <summary>
/// Timing of the TestKit, read from <c>posecluster.test</c>. Every timeout a test passes is multiplied
/// by <see cref="TimeFactor"/>, so a slow machine raises one number (for instance the environment
/// variable <c>POSECLUSTER__test__timefactor=3</c>) instead of every test.
/// </summary>
public sealed record TestKitSettings
{
    /// <summary>The configuration path the settings are read from.</summary>
    public const string ConfigPath = "posecluster.test";

    /// <summary>The settings of reference.conf.</summary>
    public static TestKitSettings Default { get; } = new();

    /// <summary>Multiplies every TestKit timeout (<c>timefactor</c>).</summary>
    public double TimeFactor { get; init; } = 1.0;

    /// <summary>How long an expectation waits when the test gives no timeout, before dilation (<c>single-expect-default</c>).</summary>
    public TimeSpan SingleExpectDefault { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <c>ExpectNoMsg</c> listens when the test gives no duration, before dilation (<c>expect-no-message-default</c>).</summary>
    public TimeSpan ExpectNoMessageDefault { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads <c>posecluster.test</c> of <paramref name="config"/>; missing settings keep their defaults.</summary>
    /// <exception cref="ConfigurationException">The time factor is not positive.</exception>
    public static TestKitSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var test = config.GetConfigOrEmpty(ConfigPath);
        var factor = test.GetDouble("timefactor", Default.TimeFactor);
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ConfigurationException($"{ConfigPath}.timefactor must be a positive number (was {factor}) at {test.OriginOf("timefactor")}");
        }

        return new TestKitSettings
        {
            TimeFactor = factor,
            SingleExpectDefault = test.GetDuration("single-expect-default", Default.SingleExpectDefault),
            ExpectNoMessageDefault = test.GetDuration("expect-no-message-default", Default.ExpectNoMessageDefault),
        };
    }

    /// <summary><paramref name="duration"/> multiplied by the time factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) => duration * TimeFactor;
}
