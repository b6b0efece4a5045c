using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Datasets.Formats;
using PoseCluster.Datasets.Metrics;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster eval --pred P.npy --gt G.npy [--json]</c>: MPJPE, P-MPJPE, N-MPJPE (mm), MPJVE (mm per
/// frame), PCK@150 and AUC (percent) of (N, 17, 3) predictions against ground truth in mm.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var predicted = new Option<FileInfo>("--pred") { Description = "Predictions, .npy of shape (N, 17, 3), mm", Required = true };
        var groundTruth = new Option<FileInfo>("--gt") { Description = "Ground truth, .npy of shape (N, 17, 3), mm", Required = true };
        var json = GlobalOptions.Json();
        var command = new Command("eval", "Score predicted 3D poses against ground truth (MPJPE, P-MPJPE, N-MPJPE, MPJVE, PCK@150, AUC)");
        command.Options.Add(predicted);
        command.Options.Add(groundTruth);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var predFile = parse.GetValue(predicted)!.FullName;
            var gtFile = parse.GetValue(groundTruth)!.FullName;
            var pred = ReadPoses(predFile);
            var gt = ReadPoses(gtFile);
            if (pred.Length != gt.Length)
            {
                throw new BadInputException($"{predFile} has {pred.Length / 51} frames but {gtFile} has {gt.Length / 51}");
            }

            PoseMetricSummary summary;
            try
            {
                summary = PoseMetrics.Evaluate(pred, gt);
            }
            catch (ArgumentException e)
            {
                throw new BadInputException($"{predFile} vs {gtFile}: {e.Message}");
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
                {
                    ["mpjpe"] = summary.MpjpeMm,
                    ["p_mpjpe"] = summary.PMpjpeMm,
                    ["n_mpjpe"] = summary.NMpjpeMm,
                    ["mpjve"] = summary.MpjveMmPerFrame,
                    ["pck150"] = summary.Pck150Percent,
                    ["auc"] = summary.AucPercent,
                }));
            }
            else
            {
                var c = CultureInfo.InvariantCulture;
                context.Out.WriteLine(string.Create(c, $"MPJPE    {summary.MpjpeMm,9:F2} mm"));
                context.Out.WriteLine(string.Create(c, $"P-MPJPE  {summary.PMpjpeMm,9:F2} mm"));
                context.Out.WriteLine(string.Create(c, $"N-MPJPE  {summary.NMpjpeMm,9:F2} mm"));
                context.Out.WriteLine(string.Create(c, $"MPJVE    {summary.MpjveMmPerFrame,9:F2} mm/frame"));
                context.Out.WriteLine(string.Create(c, $"PCK@150  {summary.Pck150Percent,9:F2} %"));
                context.Out.WriteLine(string.Create(c, $"AUC      {summary.AucPercent,9:F2} %"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads an (N, 17, 3) numeric array as floats; anything else is bad input naming the file.</summary>
    private static float[] ReadPoses(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: no such file");
        }

        var array = NpyReader.Read(path);
        if (array.IsObjectArray || array.Shape.Count != 3 || array.Shape[0] < 1 || array.Shape[1] != 17 || array.Shape[2] != 3)
        {
            throw new BadInputException($"{path}: expected a numeric array of shape (N, 17, 3) with N >= 1, found {array.DType} ({string.Join(", ", array.Shape)})");
        }

        return array.ToSingleArray();
    }
}
