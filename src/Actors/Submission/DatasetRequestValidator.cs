using PoseCluster.Datasets;
using PoseCluster.Datasets.Ingestion;
using PoseCluster.Datasets.Sources;

namespace PoseCluster.Actors.Submission;

/// <summary>
/// Checks a dataset request (<c>POST /api/datasets</c>, <c>posecluster datasets add</c>): name (a dataset name),
/// kind (a known kind), path (an absolute path or file:// URI of a folder that the kind's loader recognizes).
/// </summary>
public static class DatasetRequestValidator
{
    /// <summary>The checked values, or null with the errors by field (name, kind, path).</summary>
    public static (string Name, DatasetKind Kind, string Directory)? Validate(SubmitDataset submit, DatasetLoaderOptions loaders, out Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(submit);
        errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DatasetSource.NameProblem(submit.Name) is { } problem)
        {
            errors["name"] = submit.Name is null ? "required" : $"'{submit.Name}': {problem}";
        }

        DatasetKind kind = default;
        if (string.IsNullOrWhiteSpace(submit.Kind))
        {
            errors["kind"] = $"required (one of {string.Join(", ", DatasetKinds.All.Select(k => k.Name))})";
        }
        else if (!DatasetKinds.TryParse(submit.Kind, out kind))
        {
            errors["kind"] = $"unknown kind '{submit.Kind}' (known: {string.Join(", ", DatasetKinds.All.Select(k => k.Name))})";
        }

        var directory = Directory(submit.Path, out var pathError);
        if (pathError is not null)
        {
            errors["path"] = pathError;
        }
        else if (!errors.ContainsKey("kind") && !DatasetLoaders.Create(kind, loaders).Recognizes(directory!))
        {
            errors["path"] = $"{directory} is not a {DatasetKinds.NameOf(kind)} dataset (expected {DatasetLoaders.ExpectedLayout(kind, loaders)})";
        }

        return errors.Count == 0 ? (submit.Name!, kind, directory!) : null;
    }

    private static string? Directory(string? path, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(path))
        {
            error = "required (an absolute path of the dataset folder, or a file:// URI)";
            return null;
        }

        string local;
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            error = $"'{path}': only local folders can be read (an absolute path or a file:// URI), not {uri.Scheme}://";
            return null;
        }
        else if (uri is { IsFile: true } && path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            local = uri.LocalPath;
        }
        else if (!System.IO.Path.IsPathFullyQualified(path))
        {
            error = $"'{path}': must be an absolute path (the node resolves no relative paths)";
            return null;
        }
        else
        {
            local = path;
        }

        var full = System.IO.Path.GetFullPath(local);
        if (!System.IO.Directory.Exists(full))
        {
            error = File.Exists(full) ? $"{full} is a file, not a dataset folder" : $"{full}: no such folder";
            return null;
        }

        return full;
    }
}
