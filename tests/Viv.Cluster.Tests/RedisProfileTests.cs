namespace Viv.Cluster.Tests;

/// <summary>The same cluster on Redis, the storage profile kept beside Azure Storage (<c>local-cluster.sh up --storage redis</c>).</summary>
public sealed class RedisProfileTests(RedisCluster cluster) : IClassFixture<RedisCluster>
{
    [Fact]
    public Task One_login_works_on_every_web_node_of_a_cluster_on_Redis() => ClusterTests.OneLoginOnEveryNode(cluster);

    [Fact]
    public Task After_a_silo_is_killed_twenty_people_sign_in_again_on_Redis_and_nobody_gets_an_error() => ClusterTests.TwentyPeopleAfterASiloKill(cluster);

    [Fact]
    public Task Losing_Redis_turns_a_web_node_unready_with_quick_503s_and_it_heals_when_Redis_returns() => ClusterTests.StorageLoss(cluster, "redis");
}
