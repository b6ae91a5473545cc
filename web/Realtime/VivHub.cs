using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Viv.Calls;
using Viv.Hosting;
using Viv.Meetings;
using Viv.Push;
using Viv.VideoMessages;
using Viv.Realtime;
using Viv.Telemetry;
using Viv.Contacts;
using Viv.Web.Accounts;
using Viv.Web.Calls;
using Viv.Web.Meetings;
using Viv.Web.Pacing;
using Viv.Web.Push;
using Viv.Web.Contacts;

namespace Viv.Web.Realtime;

/// <summary>The one persistent connection a client keeps; thin: it names the caller and hands over to grains.</summary>
[Authorize]
public sealed class VivHub(WebNode node, IGrainFactory grains, IceConfigurations ice, VivOptions viv) : Hub
{
    private Guid Me => Context.User!.UserId();

    private IContactListGrain MyContactList => grains.GetGrain<IContactListGrain>(Me);

    private CallEnd ThisTab => new(Me, Context.ConnectionId, node.Relay);

    public override Task OnDisconnectedAsync(Exception? exception) =>
        node.LeaveCall(Me, Context.ConnectionId, pageClosed: exception is null);

    /// <summary>The web node holding this connection, for operators and tests (pages show it on the document).</summary>
    public string Node() => viv.NodeName;

    /// <summary>The contact list snapshot; called after connecting, so no change is lost between it and the deltas.</summary>
    public Task<IReadOnlyList<Contact>> Contacts() => MyContactList.GetContacts();

    [Paced(Pace.Searches)]
    public Task<SearchResults> Search(string query, int page) => MyContactList.Search(query ?? "", page);

    [Paced(Pace.ContactChanges)]
    public async Task<ContactReply> ChangeContact(Guid userId, ContactAction action) =>
        ContactReply.From(await MyContactList.Act(userId, action));

    /// <summary>Fetched before every call and every ICE restart, so TURN credentials are always fresh.</summary>
    public IceConfiguration IceConfiguration() => ice.For(Me);

    [Paced(Pace.Invitations)]
    public async Task<CallReply> StartCall(Guid userId, CallKind kind)
    {
        var callId = Guid.NewGuid();
        var error = await grains.GetGrain<ICallRoomGrain>(callId).Start(ThisTab, userId, kind);
        return Joined(error, callId);
    }

    public async Task<CallReply> AnswerCall(Guid callId, bool accept) =>
        accept ? Joined(await Room(callId).Answer(ThisTab, true), callId) : CallReply.From(await Room(callId).Answer(ThisTab, false));

    [Paced(Pace.Invitations)]
    public async Task<CallReply> Invite(Guid callId, Guid userId) => CallReply.From(await Room(callId).Invite(Me, userId), callId);

    [Paced(Pace.Signaling)]
    public async Task<CallReply> Signal(Guid callId, Guid to, CallSignal signal)
    {
        VivMetrics.SignalEntering();
        if (await node.RelayedHere(callId, Me, Context.ConnectionId, to, signal))
        {
            VivMetrics.SignalAnswered(CallError.None, throughRoom: false);
            return CallReply.From(CallError.None);
        }
        var error = await Room(callId).Signal(Me, Context.ConnectionId, to, signal);
        VivMetrics.SignalAnswered(error, throughRoom: true);
        return CallReply.From(error);
    }

    /// <summary>A signal from this tab to the media server its call's media goes through; the call room relays it.</summary>
    [Paced(Pace.Signaling)]
    public async Task<CallReply> Forward(Guid callId, MediaLeg leg, CallSignal signal) =>
        CallReply.From(await Room(callId).Forward(Me, Context.ConnectionId, leg, signal));

    /// <summary>Which size of someone's video this tab receives from the media server: the one that fits their tile.</summary>
    [Paced(Pace.Signaling)]
    public async Task<CallReply> ReceiveVideo(Guid callId, Guid userId, VideoQuality quality) =>
        CallReply.From(await Room(callId).ReceiveVideo(Me, Context.ConnectionId, userId, quality));

    /// <summary>This tab started or stopped sharing its screen: everyone receives its video from the media server while it shares.</summary>
    [Paced(Pace.Signaling)]
    public async Task<CallReply> ShareScreen(Guid callId, bool sharing) =>
        CallReply.From(await Room(callId).ShareScreen(Me, Context.ConnectionId, sharing));

    public async Task<CallReply> ReconnectMedia(Guid callId) =>
        CallReply.From(await Room(callId).ReconnectMedia(Me, Context.ConnectionId));

    /// <summary>This tab's device identity public key, which everyone else in the call hears: they wrap their media keys to it.</summary>
    [Paced(Pace.Signaling)]
    public async Task<CallReply> AnnounceIdentity(Guid callId, string? publicKey) =>
        CallReply.From(await Room(callId).AnnounceIdentity(Me, Context.ConnectionId, publicKey));

    /// <summary>A media key this tab wrapped for <paramref name="to"/>'s identity key; the call room relays it unread.</summary>
    [Paced(Pace.Signaling)]
    public async Task<CallReply> SendMediaKey(Guid callId, Guid to, MediaKeyMessage? message) =>
        CallReply.From(await Room(callId).SendMediaKey(Me, Context.ConnectionId, to, message));

    public async Task<CallReply> HangUp(Guid callId) => CallReply.From(await Room(callId).HangUp(Me));

    /// <summary>After an automatic reconnect (a new connection id) the page takes its place in the call again.</summary>
    public async Task<CallReply> Rejoin(Guid callId) => Joined(await Room(callId).Rejoin(ThisTab), callId);

    /// <summary>The calls ringing me now: a page that opens while one rings (from its notification, say) rings too.</summary>
    public Task<IReadOnlyList<IncomingCall>> RingingCalls() => grains.GetGrain<IPresenceGrain>(Me).GetRinging();

    /// <summary>The server's VAPID public key, which this browser's push service binds its subscription to.</summary>
    public Task<string> PushKey() => grains.GetGrain<IPushKeysGrain>(0).GetPublicKey();

    public async Task<IReadOnlyList<PushDeviceView>> PushDevices() => PushDeviceView.Of(await MyPushDevices.List());

    /// <summary>Ring this browser when Viv is closed, for as long as this sign-in lasts.</summary>
    public async Task<PushReply> RingThisDevice(NewPushDevice device) =>
        PushReply.From(await PushMessages.Add(grains, Me, device, Context.User!.SessionId()));

    public Task<bool> StopRingingDevice(Guid deviceId) => MyPushDevices.Remove(deviceId);

    private IPushDevicesGrain MyPushDevices => grains.GetGrain<IPushDevicesGrain>(Me);

    public Task<IReadOnlyList<VideoMessage>> VideoMessages() => MyVideoMessages.List();

    public Task<bool> DeleteVideoMessage(Guid messageId) => MyVideoMessages.Delete(messageId);

    private IVideoMessageBoxGrain MyVideoMessages => grains.GetGrain<IVideoMessageBoxGrain>(Me);

    public Task<IReadOnlyList<Meeting>> Meetings() => grains.GetGrain<IMeetingCalendarGrain>(Me).GetMeetings();

    [Paced(Pace.Invitations)]
    public async Task<MeetingReply> ScheduleMeeting(MeetingDraft draft)
    {
        var meetingId = Guid.NewGuid();
        return MeetingReply.From(await Meeting(meetingId).Schedule(Me, draft), meetingId);
    }

    [Paced(Pace.MeetingChanges)]
    public async Task<MeetingReply> AnswerMeeting(Guid meetingId, bool accept) =>
        MeetingReply.From(await Meeting(meetingId).Answer(Me, accept), meetingId);

    [Paced(Pace.MeetingChanges)]
    public async Task<MeetingReply> RescheduleMeeting(Guid meetingId, DateTimeOffset startsAt, int durationMinutes) =>
        MeetingReply.From(await Meeting(meetingId).Reschedule(Me, startsAt, durationMinutes), meetingId);

    [Paced(Pace.MeetingChanges)]
    public async Task<MeetingReply> CancelMeeting(Guid meetingId) =>
        MeetingReply.From(await Meeting(meetingId).Cancel(Me), meetingId);

    /// <summary>Opens or enters the meeting's call from this tab.</summary>
    public async Task<CallReply> JoinMeeting(Guid meetingId)
    {
        var (error, callError, callId) = await Meeting(meetingId).Join(ThisTab);
        return error == MeetingError.None ? Joined(callError, callId) : new CallReply(false, null, MeetingMessages.Describe(error));
    }

    private IMeetingGrain Meeting(Guid meetingId) => grains.GetGrain<IMeetingGrain>(meetingId);

    private ICallRoomGrain Room(Guid callId) => grains.GetGrain<ICallRoomGrain>(callId);

    private CallReply Joined(CallError error, Guid callId)
    {
        if (error == CallError.None)
        {
            node.JoinedCall(Context.ConnectionId, callId);
        }
        return CallReply.From(error, callId);
    }
}
