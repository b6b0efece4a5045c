namespace PoseCluster.Host.Node;

/// <summary><c>posecluster.node.kubernetes</c>: how Akka.Management's cluster bootstrap finds the other pods.</summary>
/// <param name="PodLabelSelector">Kubernetes label selector of this cluster's pods.</param>
/// <param name="ManagementPort">Port of Akka.Management's HTTP endpoint on every pod.</param>
/// <param name="RequiredContactPoints">Pods that must be found before the first one forms a new cluster.</param>
internal sealed record KubernetesSettings(string PodLabelSelector, int ManagementPort, int RequiredContactPoints);
