using System.Globalization;
using System.Text;
using PoseCluster.Actors.Training;
using PoseCluster.Configuration;
using PoseCluster.Models;

namespace PoseCluster.Actors.Experiments;

/// <summary>
/// Reads an experiment spec (HOCON, or JSON, which is HOCON too) and checks every field, collecting one error
/// per bad field under its path (<c>steps</c>, <c>model.embed-dim</c>, <c>training.lr</c>). Keys are kebab-case
/// as in reference.conf; snake_case spellings (<c>min_ranks</c>) are accepted too. The text may neither include
/// files nor read the server's environment. Fields the spec leaves out take the node's defaults
/// (posecluster.model / heatpose / training and posecluster.experiments.defaults), and the resulting training
/// settings are frozen into the spec (<see cref="ExperimentSpec.Settings"/>). docs/EXPERIMENTS.md lists the fields.
/// </summary>
public static class ExperimentSpecParser
{
    /// <summary>Longest spec text accepted.</summary>
    public const int MaxLength = 64 * 1024;

    // The fields a spec may have; a leaf is null, an object lists its own fields.
    private static readonly Dictionary<string, object?> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = null,
        ["corpus"] = null,
        ["steps"] = null,
        ["batch-size"] = null,
        ["seed"] = null,
        ["min-ranks"] = null,
        ["max-ranks"] = null,
        ["checkpoint-every"] = null,
        ["max-restarts"] = null,
        ["eval-clips"] = null,
        ["eval-every"] = null,
        ["model"] = Tree(
            "preset", "input", "head", "frames", "embed-dim", "depth", "heads", "mlp-ratio", "head-channels", "head-token-dim",
            ("window", Tree("t", "h", "w")),
            ("video", Tree("image-size", "patch-size", "encoder-dim", "encoder-depth", "encoder-heads")),
            ("heatpose", Tree("grid", "extent-mm", "sigma-voxels", "c-mm"))),
        ["training"] = Tree(
            "lr", "weight-decay", "warmup-steps", "total-steps", "min-lr-ratio", "clip-norm", "bucket-size",
            ("virtual-camera", Tree("distance-mm", "focal-px", "azimuth-jitter-degrees"))),
    };

    /// <summary>Parses and checks <paramref name="text"/> against the node's configuration <paramref name="node"/>.</summary>
    public static ExperimentSpecParse Parse(string text, Config node)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(node);
        var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (text.Length > MaxLength)
        {
            return Failed("spec", $"is {text.Length} characters long; at most {MaxLength} are accepted");
        }

        Config spec;
        try
        {
            spec = new ConfigBuilder(_ => null).AddUntrustedText(text, "spec").Build();
        }
        catch (HoconParseException e)
        {
            return Failed("spec", string.Create(CultureInfo.InvariantCulture, $"line {e.Line}, column {e.Column}: {e.Problem}"));
        }
        catch (ConfigurationException e)
        {
            return Failed("spec", e.Message);
        }

        var layer = new StringBuilder();
        var keys = CheckKeys(spec, Fields, "", errors);
        var reader = new FieldReader(spec, keys, errors);
        var defaults = node.GetConfigOrEmpty("posecluster.experiments.defaults");
        var name = reader.String("name", "experiment");
        if (name.Length is 0 or > 200)
        {
            errors["name"] = "must be 1 to 200 characters";
        }

        var corpus = reader.String("corpus", ExperimentSpec.LatestCorpus);
        if (corpus.Length is 0 or > 128 || !corpus.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors["corpus"] = "must be \"latest\" or a corpus version id (letters, digits, '-', '_', '.')";
        }

        var steps = reader.Long("steps", 1, 100_000_000) ?? 0;
        if (!keys.ContainsKey("steps"))
        {
            errors["steps"] = "is required (the number of optimizer steps to train)";
        }

        var minRanks = reader.Int("min-ranks", 1, 4096) ?? defaults.GetInt("min-ranks", 1);
        var maxRanks = reader.Int("max-ranks", 1, 4096) ?? Math.Max(minRanks, defaults.GetInt("max-ranks", 1));
        if (maxRanks < minRanks && !errors.ContainsKey("min-ranks") && !errors.ContainsKey("max-ranks"))
        {
            errors["max-ranks"] = string.Create(CultureInfo.InvariantCulture, $"must be at least min-ranks ({minRanks})");
        }

        var maxRestarts = reader.Int("max-restarts", 0, 1000) ?? defaults.GetInt("max-restarts", 3);
        Set(layer, "training.batch-size", reader.Int("batch-size", 1, 65_536));
        Set(layer, "model.seed", reader.Long("seed", long.MinValue, long.MaxValue));
        Set(layer, "training.checkpoint-every", reader.Int("checkpoint-every", 1, int.MaxValue));
        Set(layer, "training.eval-max-clips", reader.Int("eval-clips", 0, 1_000_000));
        Set(layer, "training.eval-every", reader.Int("eval-every", 0, int.MaxValue));
        // The learning-rate schedule spans the experiment unless the spec sets training.total-steps itself.
        Set(layer, "training.total-steps", (long?)steps);
        foreach (var (key, target) in new[] { ("model", "posecluster.model"), ("training", "posecluster.training") })
        {
            if (keys.TryGetValue(key, out var actual) && Object(spec, actual, key, errors) is { } section)
            {
                Render(section, (Dictionary<string, object?>)Fields[key]!, target, key, layer, errors);
            }
        }

        if (errors.Count > 0)
        {
            return new ExperimentSpecParse(null, errors);
        }

        TrainingSettings settings;
        try
        {
            var merged = new ConfigBuilder(_ => null)
                .AddText("posecluster " + node.GetConfig("posecluster").ToHocon(), "node configuration")
                .AddText(layer.ToString(), "spec")
                .Build();
            settings = TrainingSettings.FromConfig(merged);
            settings.Model.Validate();
        }
        catch (SettingTypeException e)
        {
            return Failed(SpecPath(e.Path), e.Message[(e.Message.IndexOf(')', StringComparison.Ordinal) + 1)..].Trim());
        }
        catch (ModelOptionsException e)
        {
            return Failed(SpecPath(e.Setting.StartsWith("training.", StringComparison.Ordinal) ? "posecluster." + e.Setting : "posecluster.model." + e.Setting), e.Message[(e.Setting.Length + 2)..]);
        }
        catch (ConfigurationException e)
        {
            // "posecluster.model.head = 'x' is not one of ...": the path is what comes before " = ".
            var equals = e.Message.IndexOf(" = ", StringComparison.Ordinal);
            return equals > 0 ? Failed(SpecPath(e.Message[..equals]), e.Message[(equals + 3)..]) : Failed("spec", e.Message);
        }

        var source = spec.ToJson(indented: false);
        return new ExperimentSpecParse(new ExperimentSpec(name, corpus, steps, minRanks, maxRanks, maxRestarts, settings.SharedLayer(), source), errors);
    }

    /// <summary>The spec path of a setting the spec's layer wrote (posecluster.model.heatpose is model.heatpose in a spec).</summary>
    private static string SpecPath(string settingPath) => settingPath switch
    {
        "posecluster.training.batch-size" => "batch-size",
        "posecluster.model.seed" => "seed",
        "posecluster.training.checkpoint-every" => "checkpoint-every",
        "posecluster.training.eval-max-clips" => "eval-clips",
        "posecluster.training.eval-every" => "eval-every",
        _ when settingPath.StartsWith("posecluster.heatpose.", StringComparison.Ordinal) => "model.heatpose." + settingPath["posecluster.heatpose.".Length..],
        _ when settingPath.StartsWith("posecluster.", StringComparison.Ordinal) => settingPath["posecluster.".Length..],
        _ => settingPath,
    };

    private static ExperimentSpecParse Failed(string path, string message) =>
        new(null, new SortedDictionary<string, string>(StringComparer.Ordinal) { [path] = message });

    private static Dictionary<string, object?> Tree(params object[] fields)
    {
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field is (string key, Dictionary<string, object?> children))
            {
                tree[key] = children;
            }
            else
            {
                tree[(string)field] = null;
            }
        }

        return tree;
    }

    /// <summary>Maps the spelling used (snake_case or kebab-case) to each known key of <paramref name="section"/>; unknown keys are errors.</summary>
    private static Dictionary<string, string> CheckKeys(Config section, Dictionary<string, object?> known, string prefix, SortedDictionary<string, string> errors)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in section.Keys)
        {
            var canonical = key.Replace('_', '-');
            if (!known.ContainsKey(canonical))
            {
                errors[prefix + key] = $"unknown field (known: {string.Join(", ", known.Keys)})";
            }
            else if (!found.TryAdd(canonical, key))
            {
                errors[prefix + key] = $"given twice (as {found[canonical]} and {key})";
            }
        }

        return found;
    }

    private static Config? Object(Config parent, string key, string path, SortedDictionary<string, string> errors)
    {
        try
        {
            return parent.GetConfig(key);
        }
        catch (SettingTypeException)
        {
            errors[path] = "must be an object";
            return null;
        }
    }

    /// <summary>Writes the known fields of a spec section as <paramref name="target"/>.* settings (model.heatpose.* as posecluster.heatpose.*).</summary>
    private static void Render(Config section, Dictionary<string, object?> known, string target, string path, StringBuilder layer, SortedDictionary<string, string> errors)
    {
        foreach (var (canonical, actual) in CheckKeys(section, known, path + ".", errors))
        {
            var fieldPath = $"{path}.{canonical}";
            var settingPath = fieldPath == "model.heatpose" ? "posecluster.heatpose" : $"{target}.{canonical}";
            if (known[canonical] is Dictionary<string, object?> children)
            {
                if (Object(section, actual, fieldPath, errors) is { } child)
                {
                    Render(child, children, settingPath, fieldPath, layer, errors);
                }

                continue;
            }

            try
            {
                layer.AppendLine(CultureInfo.InvariantCulture, $"{settingPath} = {Config.Quote(section.GetString(actual))}");
            }
            catch (SettingTypeException)
            {
                errors[fieldPath] = "must be a single value";
            }
        }
    }

    private static void Set<T>(StringBuilder layer, string setting, T? value)
        where T : struct, IFormattable
    {
        if (value is { } v)
        {
            layer.AppendLine(CultureInfo.InvariantCulture, $"posecluster.{setting} = {v.ToString(null, CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Typed, range-checked reads of top-level fields; a bad one becomes an error under its name.</summary>
    private sealed class FieldReader(Config spec, Dictionary<string, string> keys, SortedDictionary<string, string> errors)
    {
        public string String(string field, string fallback)
        {
            if (!keys.TryGetValue(field, out var key))
            {
                return fallback;
            }

            try
            {
                return spec.GetString(key);
            }
            catch (SettingTypeException)
            {
                errors[field] = "must be a string";
                return fallback;
            }
        }

        public long? Long(string field, long min, long max) => Read(field, min, max, spec.GetLong);

        public int? Int(string field, int min, int max) => (int?)Read(field, min, max, k => spec.GetInt(k));

        /// <summary>The field's value, or null when it is absent or bad (then with an error).</summary>
        private long? Read(string field, long min, long max, Func<string, long> get)
        {
            if (!keys.TryGetValue(field, out var key))
            {
                return null;
            }

            try
            {
                var value = get(key);
                if (value < min || value > max)
                {
                    errors[field] = max == long.MaxValue || max == int.MaxValue
                        ? string.Create(CultureInfo.InvariantCulture, $"must be at least {min}")
                        : string.Create(CultureInfo.InvariantCulture, $"must be {min} to {max}");
                    return null;
                }

                return value;
            }
            catch (SettingTypeException)
            {
                errors[field] = "must be a whole number";
                return null;
            }
        }
    }
}
