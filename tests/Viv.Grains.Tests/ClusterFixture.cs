using Viv.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Viv.Calls;
using Viv.Meetings;
using Viv.Hosting;
using Viv.Contacts;
using Viv.Push;
using Viv.VideoMessages;
using Viv.Testing;

[assembly: AssemblyFixture(typeof(Viv.Grains.Tests.ClusterFixture))]

namespace Viv.Grains.Tests;

/// <summary>
/// Two silos in this process, storing state in a real SQLite file, with a clock the tests move.
/// One clock serves every test, so xunit.runner.json runs the tests one at a time.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Replies a test holds back between two grains (<see cref="HeldReplies"/>).</summary>
    public HeldReplies Held { get; } = new();

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("viv-grain-tests-").FullName;

    /// <summary>Low, so that a test reaches a sender's hourly budget and a full box with a few messages.</summary>
    public const int VideoMessagesPerHour = 4, VideoMessagesKept = 3;

    /// <summary>The push service (a real RFC 8030 one) the silos may send to.</summary>
    public PushService Push { get; } = PushService.Start();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        Cluster = Build(DataDirectory);
        await Cluster.DeployAsync();
    }

    /// <summary>Two silos storing state under <paramref name="dataDirectory"/>, configured as every grain test expects.</summary>
    public InProcessTestCluster Build(string dataDirectory)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(VivSilo.Clock, Clock);
            // Hashing strength is not under test here; the default 100,000 PBKDF2 rounds would dominate the tier's time.
            silo.Services.Configure<AccountOptions>(o => o.PasswordHashIterations = 1_000);
            // Rings run out on real time (grain timers), and a test that rings someone goes on inviting,
            // answering and blocking through grain calls that need them still rung: at nice 10 beside the
            // browser tier, four such calls once took over 2 s, the ring's timeout before. Six costs the
            // few tests that wait for a ring to run out 4 s each.
            silo.Services.Configure<CallOptions>(o => (o.RingTimeoutSeconds, o.ReconnectGraceSeconds, o.LostTabsCheckSeconds, o.MaxParticipants) = (6, 2, 2, 4));
            silo.Services.Configure<MeetingOptions>(o => (o.CheckSeconds, o.EarlyJoinMinutes, o.MaxCalendarMeetings) = (1, 0, CapTests.CalendarMeetings));
            silo.Services.Configure<ContactOptions>(o => (o.MaxPeople, o.MaxUnansweredRequests) = (CapTests.People, CapTests.UnansweredRequests));
            silo.Services.Configure<PushOptions>(o => o.Services = [Push.Origin.ToString()]);
            silo.Services.Configure<VideoMessageOptions>(o => (o.PerHour, o.MaxBoxMessages) = (VideoMessagesPerHour, VideoMessagesKept));
            silo.AddIncomingGrainCallFilter(Held.Filter);
            silo.AddVivGrains().AddVivEmbeddedStorage(dataDirectory);
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Push.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
