namespace PoseCluster.Runtime.Cluster;

/// <summary>A durable node-addressed message as the node's target actor receives it; reply with anything when it is done.</summary>
/// <param name="MessageId">The sender's unique id (the same id may arrive again after a crash).</param>
/// <param name="Message">The deserialized message.</param>
public sealed record NodeMessage(string MessageId, object Message);
