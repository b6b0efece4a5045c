using System.Globalization;
using System.Text;
using PoseCluster.Configuration;

namespace PoseCluster.Host.Node;

/// <summary>The <c>posecluster node</c> flags; each replaces its setting over every other layer.</summary>
/// <param name="Port"><c>--port</c>: posecluster.node.port.</param>
/// <param name="Seeds"><c>--seeds</c>: posecluster.node.seeds.</param>
/// <param name="Roles"><c>--roles</c>: posecluster.node.roles.</param>
/// <param name="HttpUrl"><c>--http</c>: posecluster.http.url.</param>
/// <param name="Settings">More settings as HOCON, over everything else (the demo's in-process node).</param>
internal sealed record NodeOverrides(int? Port = null, IReadOnlyList<string>? Seeds = null, IReadOnlyList<string>? Roles = null, string? HttpUrl = null, string? Settings = null)
{
    /// <summary>The flags as a HOCON layer.</summary>
    public string ToHocon()
    {
        var text = new StringBuilder();
        if (Port is { } port)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"posecluster.node.port = {port}");
        }

        if (Seeds is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"posecluster.node.seeds = [{string.Join(", ", Seeds.Select(Config.Quote))}]");
        }

        if (Roles is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"posecluster.node.roles = [{string.Join(", ", Roles.Select(Config.Quote))}]");
        }

        if (HttpUrl is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"posecluster.http.url = {Config.Quote(HttpUrl)}");
        }

        if (Settings is not null)
        {
            text.AppendLine(Settings);
        }

        return text.ToString();
    }
}
