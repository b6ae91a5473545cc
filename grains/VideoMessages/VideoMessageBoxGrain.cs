using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Viv.Hosting;
using Viv.Push;
using Viv.Realtime;

namespace Viv.VideoMessages;

[GenerateSerializer, Alias("viv.video-message-box-state")]
public sealed class VideoMessageBoxState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<VideoMessageEntry> Messages { get; set; } = [];
}

/// <summary>
/// Expiry is kept durable by a reminder while the box holds anything: after a restart it wakes the
/// grain to let expired messages go, even if nobody looks at them. Every read lets them go too.
/// </summary>
[CollectionAgeLimit(Minutes = Occasional.IdleMinutes)]
public sealed class VideoMessageBoxGrain(
    [PersistentState("video-messages")] IPersistentState<VideoMessageBoxState> state,
    IOptions<VideoMessageOptions> options,
    IVideoMessageFiles files,
    [FromKeyedServices(VivSilo.Clock)] TimeProvider clock) : Grain, IVideoMessageBoxGrain, IRemindable
{
    private const string Expiry = "expiry";

    private bool _reminding;

    private List<VideoMessageEntry> Messages => state.State.Messages;

    private TimeSpan Kept => TimeSpan.FromDays(options.Value.KeepDays);

    public async Task Receive(VideoMessageEntry entry)
    {
        await LetExpiredGo();
        Messages.Add(entry);
        var maxBytes = options.Value.MaxBoxMegabytes * 1024L * 1024;
        while (Messages.Count > options.Value.MaxBoxMessages || Messages.Sum(m => m.Size) > maxBytes)
        {
            await Forget(Messages[0]);
        }
        await Save();
        var from = await GrainFactory.GetGrain<Accounts.IUserGrain>(entry.From).GetProfile();
        await GrainFactory.GetGrain<IPushDevicesGrain>(this.GetPrimaryKey()).Push(VideoMessagePushes.Left(entry, from!));
    }

    public async Task<IReadOnlyList<VideoMessage>> List()
    {
        await LetExpiredGo();
        var senders = await Task.WhenAll(Messages.Select(m => GrainFactory.GetGrain<Accounts.IUserGrain>(m.From).GetProfile()));
        return [.. Messages.Select((m, i) => new VideoMessage(m.Id, senders[i]!, m.Kind, m.LeftAt, m.Duration, m.Size, m.Seen, m.LeftAt + Kept)).Reverse()];
    }

    public async Task<int> GetUnseenCount()
    {
        await LetExpiredGo();
        return Messages.Count(m => !m.Seen);
    }

    public async Task<VideoMessageFile?> Open(Guid messageId)
    {
        await LetExpiredGo();
        var index = Messages.FindIndex(m => m.Id == messageId);
        if (index < 0 || await files.Get(messageId) is not { } sealedFile)
        {
            return null;
        }
        var entry = Messages[index];
        if (!entry.Seen)
        {
            Messages[index] = entry with { Seen = true };
            await Save();
        }
        return new VideoMessageFile(entry.ContentType, SealedFile.Open(entry.Id, entry.Key, sealedFile));
    }

    public async Task<bool> Delete(Guid messageId)
    {
        if (Messages.Find(m => m.Id == messageId) is not { } entry)
        {
            return false;
        }
        await Forget(entry);
        await Save();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => LetExpiredGo();

    private async Task LetExpiredGo()
    {
        var now = clock.GetUtcNow();
        var expired = Messages.Where(m => m.LeftAt + Kept <= now).ToList();
        foreach (var entry in expired)
        {
            await Forget(entry);
        }
        if (expired.Count > 0)
        {
            await Save();
        }
    }

    /// <summary>The file goes first: an entry whose file is gone is harmless, a file without its entry would stay for good.</summary>
    private async Task Forget(VideoMessageEntry entry)
    {
        await files.Delete(entry.Id);
        Messages.Remove(entry);
    }

    /// <summary>Writes the box, keeps the expiry reminder while it holds anything, and tells the recipient's pages the unplayed count.</summary>
    private async Task Save()
    {
        await state.WriteStateAsync();
        if (Messages.Count > 0 && !_reminding)
        {
            await this.RegisterOrUpdateReminder(Expiry, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
            _reminding = true;
        }
        else if (Messages.Count == 0 && await this.GetReminder(Expiry) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminding = false;
        }
        await GrainFactory.GetGrain<IPresenceGrain>(this.GetPrimaryKey()).Deliver(new VideoMessagesChanged(Messages.Count(m => !m.Seen)));
    }
}
