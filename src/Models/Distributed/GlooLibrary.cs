using System.Runtime.InteropServices;

namespace PoseCluster.Models.Distributed;

/// <summary>
/// Finds and loads libposecluster_gloo.so: next to the app (AppContext.BaseDirectory) or in the folder named
/// by POSECLUSTER_NATIVE_DIR, and checks its ABI version. Loaded RTLD_LOCAL (.NET's default), so its Gloo
/// never meets the one inside TorchSharp's libtorch (PLATFORM.md).
/// </summary>
internal static class GlooLibrary
{
    /// <summary>The file `make native` builds.</summary>
    public const string FileName = "libposecluster_gloo.so";

    /// <summary>The name [LibraryImport] uses; resolved here.</summary>
    public const string ImportName = "posecluster_gloo";

    /// <summary>The environment variable naming an extra folder to look in.</summary>
    public const string DirectoryVariable = "POSECLUSTER_NATIVE_DIR";

    /// <summary>The ABI version this binding was written for (PCG_ABI_VERSION).</summary>
    public const int AbiVersion = 1;

    private static readonly Lazy<nint> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the library once (or throws the typed error again).</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> CandidateDirectories()
    {
        var directories = new List<string> { AppContext.BaseDirectory };
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            directories.Add(configured);
        }

        return directories;
    }

    /// <summary>The full path of the library in the first folder that has it.</summary>
    public static string Locate(IReadOnlyList<string> directories)
    {
        foreach (var directory in directories)
        {
            var path = Path.Combine(directory, FileName);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new GlooLibraryNotFoundException(
            $"{FileName} not found in {string.Join(", ", directories.Select(d => $"'{d}'"))}; build it with `make native` " +
            $"(needs libgloo-dev, tools/setup.sh) or set {DirectoryVariable} to the folder that holds it");
    }

    private static nint Load()
    {
        var path = Locate(CandidateDirectories());
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new GlooLibraryNotFoundException($"{path} exists but does not load (is libgloo0 installed? tools/setup.sh): {e.Message}", e);
        }

        var loaded = handle;
        NativeLibrary.SetDllImportResolver(typeof(GlooLibrary).Assembly, (name, _, _) => name == ImportName ? loaded : 0);
        var version = GlooNativeMethods.pcg_abi_version();
        if (version != AbiVersion)
        {
            throw new GlooLibraryNotFoundException($"{path} has ABI version {version}, this binding needs {AbiVersion}: rebuild it with `make native`");
        }

        return handle;
    }
}
