using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Viv.Accounts;

namespace Viv.Grains.Tests;

/// <summary>Refresh-token rotation: each token works once, a replayed one revokes the session, and nothing else does.</summary>
public sealed class DeviceSessionTests(ClusterFixture fixture)
{
    private DateTimeOffset InAMonth => fixture.Clock.GetUtcNow().AddDays(30);

    private async Task<(IDeviceSessionGrain Session, Guid User)> Begun()
    {
        var (session, user) = (fixture.Client.GetGrain<IDeviceSessionGrain>(Guid.NewGuid()), Guid.NewGuid());
        await session.Begin(user, "hash-1", InAMonth);
        return (session, user);
    }

    [Fact]
    public async Task Each_refresh_rotates_and_presenting_an_earlier_token_revokes_the_session()
    {
        var (session, user) = await Begun();

        var first = await session.Refresh("hash-1", "hash-2", InAMonth);
        var second = await session.Refresh("hash-2", "hash-3", InAMonth);
        var activeBeforeReplay = await session.GetActiveUser();
        var replay = await session.Refresh("hash-1", "hash-4", InAMonth);
        var newestAfterReplay = await session.Refresh("hash-3", "hash-5", InAMonth);

        (first.Outcome, second.Outcome, replay.Outcome, newestAfterReplay.Outcome).Should()
            .Be((RefreshOutcome.Rotated, RefreshOutcome.Rotated, RefreshOutcome.Reused, RefreshOutcome.Revoked));
        first.UserId.Should().Be(user);
        activeBeforeReplay.Should().Be(user);
        (await session.GetActiveUser()).Should().BeNull();
    }

    [Fact]
    public async Task A_token_it_never_issued_changes_nothing_and_a_session_nobody_began_knows_nobody()
    {
        var (session, user) = await Begun();
        var nobody = fixture.Client.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());

        var forged = await session.Refresh("forged", "hash-x", InAMonth);
        var stillWorks = await session.Refresh("hash-1", "hash-2", InAMonth);

        forged.Outcome.Should().Be(RefreshOutcome.Unknown);
        stillWorks.Outcome.Should().Be(RefreshOutcome.Rotated);
        (await session.GetActiveUser()).Should().Be(user);
        (await nobody.Refresh("hash-1", "hash-2", InAMonth)).Should().Be(new RefreshResult(RefreshOutcome.Unknown, Guid.Empty));
        (await nobody.GetActiveUser()).Should().BeNull();
        await nobody.Revoke();
        (await nobody.GetActiveUser()).Should().BeNull("revoking an unknown session creates nothing");
    }

    [Fact]
    public async Task Revoked_and_expired_sessions_refuse_refreshes_and_requests()
    {
        var (revoked, _) = await Begun();
        var expired = fixture.Client.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());
        await expired.Begin(Guid.NewGuid(), "hash-1", fixture.Clock.GetUtcNow());

        await revoked.Revoke();

        (await revoked.Refresh("hash-1", "hash-2", InAMonth)).Outcome.Should().Be(RefreshOutcome.Revoked);
        (await revoked.GetActiveUser()).Should().BeNull();
        (await expired.Refresh("hash-1", "hash-2", InAMonth)).Outcome.Should().Be(RefreshOutcome.Expired);
        (await expired.GetActiveUser()).Should().BeNull();
    }

    [Fact]
    public async Task A_session_leaves_storage_when_revoked_at_once_and_when_expired_at_its_reminder()
    {
        var (revoked, _) = await Begun();
        var (expiring, _) = await Begun();
        var expired = fixture.Client.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());
        await expired.Begin(Guid.NewGuid(), "hash-1", fixture.Clock.GetUtcNow());
        var reminderOfExpired = await Reminder(expired);

        await revoked.Revoke();
        // What Orleans does when the reminder comes due (a day after the session began).
        await expiring.AsReference<IRemindable>().ReceiveReminder(DeviceSessionGrain.ExpiryReminder, default);
        await expired.AsReference<IRemindable>().ReceiveReminder(DeviceSessionGrain.ExpiryReminder, default);

        reminderOfExpired.Should().NotBeNull("a session that begins watches its expiry");
        (await IsStored(revoked)).Should().BeFalse();
        (await Reminder(revoked)).Should().BeNull();
        (await revoked.Refresh("hash-1", "hash-2", InAMonth)).Outcome.Should().Be(RefreshOutcome.Revoked, "right after, the session still says why");
        (await IsStored(expiring)).Should().BeTrue("a session that has not expired stays");
        (await Reminder(expiring)).Should().NotBeNull();
        (await IsStored(expired)).Should().BeFalse();
        (await Reminder(expired)).Should().BeNull();
        (await expired.GetActiveUser()).Should().BeNull();
    }

    [Fact]
    public async Task A_session_found_expired_or_reused_by_a_refresh_leaves_storage()
    {
        var (reused, _) = await Begun();
        await reused.Refresh("hash-1", "hash-2", InAMonth);
        var expired = fixture.Client.GetGrain<IDeviceSessionGrain>(Guid.NewGuid());
        await expired.Begin(Guid.NewGuid(), "hash-1", fixture.Clock.GetUtcNow());

        var replay = await reused.Refresh("hash-1", "hash-3", InAMonth);
        var late = await expired.Refresh("hash-1", "hash-2", InAMonth);

        (replay.Outcome, late.Outcome).Should().Be((RefreshOutcome.Reused, RefreshOutcome.Expired));
        (await IsStored(reused)).Should().BeFalse();
        (await Reminder(reused)).Should().BeNull();
        (await IsStored(expired)).Should().BeFalse();
        (await Reminder(expired)).Should().BeNull();
    }

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress);

    private async Task<bool> IsStored(IDeviceSessionGrain session)
    {
        var state = new GrainState<DeviceSessionState>();
        await Silo.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).ReadStateAsync("session", session.GetGrainId(), state);
        return state.RecordExists;
    }

    private async Task<ReminderEntry?> Reminder(IDeviceSessionGrain session) =>
        await Silo.GetRequiredService<IReminderTable>().ReadRow(session.GetGrainId(), DeviceSessionGrain.ExpiryReminder);

    [Fact]
    public async Task A_session_begins_once()
    {
        var (session, _) = await Begun();

        var again = async () => await session.Begin(Guid.NewGuid(), "hash-9", InAMonth);

        await again.Should().ThrowAsync<InvalidOperationException>();
    }
}
