using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PoseCluster.Models.Native;

/// <summary>pc_model_config of posecluster_native.h, field for field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeModelConfig
{
    public int StructSize;
    public int InputKind;
    public int Joints;
    public int Frames;
    public int RootJoint;
    public JointParents Parents;
    public int ImageSize;
    public int PatchSize;
    public int EncoderDim;
    public int EncoderDepth;
    public int EncoderHeads;
    public int EmbedDim;
    public int Depth;
    public int Heads;
    public int WindowT;
    public int WindowH;
    public int WindowW;
    public float MlpRatio;
    public int HeadKind;
    public int HeadChannels;
    public int HeadTokenDim;
    public int Grid;
    public float ExtentMm;
    public float SigmaVoxels;
    public float SideStepMm;
    public float Lr;
    public float WeightDecay;
    public float MinLrRatio;
    public float ClipNorm;
    public int WarmupSteps;
    public int TotalSteps;
    public long Seed;

    /// <summary>int32_t parents[PC_MAX_JOINTS].</summary>
    [InlineArray(MaxJoints)]
    public struct JointParents
    {
        public const int MaxJoints = 32;
        private int _first;
    }
}
