namespace PoseCluster.Models.Heatmaps;

/// <summary>One isotropic 3D Gaussian of a joint's mixture: centre (mm), sigma (mm) and peak height.</summary>
internal readonly record struct GaussianComponent(float X, float Y, float Z, float Sigma, float Amplitude);
