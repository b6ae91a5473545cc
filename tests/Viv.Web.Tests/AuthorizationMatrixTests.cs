using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using static Viv.Web.Tests.Role;

namespace Viv.Web.Tests;

/// <summary>
/// Issue 11, the authorization matrix: every hub method and API endpoint, asked by every kind of
/// caller, and (issue 18) every call and meeting method after a contact status changed once the call
/// rang or the meeting was scheduled. Each table is one line per operation and one column per role; every cell is one test
/// case with its documented answer, written out exactly: a hub reply as its JSON (ids as
/// <c>{call}</c>, <c>{meeting}</c> or <c>{new}</c>), an API answer as its status and problem code.
/// Cells that change nothing run in <see cref="AuthorizationWorld"/> and prove that nobody heard
/// anything and nobody's contacts, meetings or calls changed. Cells whose documented answer is to
/// change something are in <see cref="AllowedCells"/>, each on fresh users.
/// </summary>
[RunsLong]
public sealed partial class AuthorizationMatrixTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    /// <summary>Long enough for an event to cross the relay on loopback; a late one still fails the next cell, which checks the same log.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    /// <summary>The cell changes something; its row is in <see cref="AllowedCells"/>.</summary>
    private const string? Allowed = null;

    /// <summary>The question does not arise for this role (no such meeting between them).</summary>
    private const string NotAsked = "not asked";

    /// <summary>The server closed the connection when its session ended: nothing can be invoked on it.</summary>
    private const string Closed = "closed";

    private static string Refused(string error) => $$"""{"ok":false,"error":"{{error}}"}""";
    private const string Done = """{"ok":true,"error":null}""";
    private static string CallRefused(string error) => $$"""{"ok":false,"callId":null,"error":"{{error}}"}""";
    private const string CallDone = """{"ok":true,"callId":null,"error":null}""";
    private static string MeetingRefused(string error) => $$"""{"ok":false,"meetingId":null,"error":"{{error}}"}""";
    private const string MeetingDone = """{"ok":true,"meetingId":"{meeting}","error":null}""";

    private const string AlreadyContacts = "You are already contacts.";
    private const string NotPending = "There is no request to answer.";
    private const string NotBlocked = "They are not blocked.";
    private const string Unavailable = "Unavailable";
    private const string NotInCall = "You are not in this call.";
    private const string Unannounced = "That key is not the one announced in this call.";
    private const string CallEnded = "This call has ended.";
    private const string NoSuchMeeting = "There is no such meeting.";
    private const string MeetingCancelled = "This meeting was cancelled.";
    private const string NotOrganizer = "Only the organizer can change this meeting.";

    private static readonly Role[] SignedOutRoles = [SignedOut, SignedOutToken, SignedOutCookie];
    private static readonly Role[] PeopleRoles = [Stranger, Pending, PendingForMe, BlockedByTarget, Blocker, Deleted, OfflineContact];
    private static readonly Role[] CallRoles = [Participant, NonParticipant, Ended, Unknown];
    private static readonly Role[] MeetingRoles = [Organizer, Participant, NonParticipant, Ended, Unknown];
    private static readonly Role[] CallChangeRoles = [BlockedAfterInvite, BlockedWhileRinging, BlockerAfterInvite, InvitingBesideABlock];
    private static readonly Role[] MeetingChangeRoles = [BlockerAfterScheduling, BlockedAfterScheduling, OrganizerAfterBlock];

    private static readonly string[] ProtectedApi =
    [
        "GET /api/v1/me", "PUT /api/v1/me/picture", "PUT /api/v1/me/password", "GET /api/v1/users?query={target}", "GET /api/v1/contacts",
        "POST /api/v1/contacts/{target}/request", "POST /api/v1/contacts/{target}/accept", "POST /api/v1/contacts/{target}/decline",
        "POST /api/v1/contacts/{target}/block", "POST /api/v1/contacts/{target}/unblock", "DELETE /api/v1/contacts/{target}",
        "GET /api/v1/calls", "GET /api/v1/ice", "GET /api/v1/meetings", "POST /api/v1/meetings", "GET /api/v1/meetings/{meeting}",
        "GET /api/v1/meetings/{meeting}.ics", "POST /api/v1/meetings/{meeting}/answer accept", "POST /api/v1/meetings/{meeting}/answer decline",
        "PUT /api/v1/meetings/{meeting}/time", "DELETE /api/v1/meetings/{meeting}", "DELETE /api/v1/tokens/current",
    ];

    /// <summary>Every cell whose documented answer changes nothing.</summary>
    public static TheoryData<Role, string, string> Cells()
    {
        var cells = new TheoryData<Role, string, string>();
        void Line(Role[] roles, string operation, params string?[] answers)
        {
            if (answers.Length != roles.Length)
            {
                throw new InvalidOperationException($"{operation}: {answers.Length} answers for {roles.Length} roles");
            }
            foreach (var (role, answer) in roles.Zip(answers))
            {
                if (answer is not (null or NotAsked))
                {
                    cells.Add(role, operation, answer);
                }
            }
        }

        // Signed out. Columns: no credentials at all, the token of a session that signed out, a copy of the cookie of a
        // browser that logged out. The API takes no cookie at all; the hub connections both sessions had open were closed.
        Line(SignedOutRoles, "hub negotiate", "401", "401 invalid_token", "401");
        Line(SignedOutRoles, "hub WebSocket", "401", "401", "401");
        Line(SignedOutRoles, "POST /api/v1/tokens", "401 invalid_credentials", "401 invalid_credentials", "401 invalid_credentials");
        Line(SignedOutRoles, "POST /api/v1/tokens/refresh", "401 invalid_refresh_token", "401 session_revoked", "401 invalid_refresh_token");
        foreach (var operation in ProtectedApi)
        {
            Line(SignedOutRoles, operation, "401 unauthenticated", "401 invalid_token", "401 unauthenticated");
        }
        Line(SignedOutRoles, "GET /users/{target}/picture", "302 /Account/Login", "401 invalid_token", "302 /Account/Login");
        Line(SignedOutRoles, "GET /meetings/{meeting}.ics", "302 /Account/Login", "401 invalid_token", "302 /Account/Login");
        foreach (var method in Operations.Keys.Where(IsHubMethod))
        {
            Line(SignedOutRoles, method, NotAsked, Closed, Closed);
        }

        // Signed in, about nobody else.
        Line([SignedIn], "hub Node", "this node");
        Line([SignedIn], "hub IceConfiguration", "ice servers");
        Line([SignedIn], "GET /api/v1/me", "200 me");
        Line([SignedIn], "PUT /api/v1/me/picture", "400 picture_invalid");
        Line([SignedIn], "PUT /api/v1/me/password", "400 password_too_short");
        Line([SignedIn], "GET /api/v1/calls", "200");
        Line([SignedIn], "GET /api/v1/ice", "200");

        // About another user. Columns: Stranger, Pending, PendingForMe, BlockedByTarget, Blocker, Deleted, OfflineContact.
        Line(PeopleRoles, "hub Contacts", "absent", "requested offline", "pending offline", "accepted offline", "blocked offline", "accepted offline", "accepted offline");
        Line(PeopleRoles, "hub Search", "none", "requested", "pending", "accepted", "blocked", "accepted", "accepted");
        Line(PeopleRoles, "hub ChangeContact request", Allowed, Done, Allowed, Refused(AlreadyContacts), Refused("Unblock them first."), Refused(AlreadyContacts), Refused(AlreadyContacts));
        Line(PeopleRoles, "hub ChangeContact accept", Refused(NotPending), Refused(NotPending), Allowed, Refused(NotPending), Refused(NotPending), Refused(NotPending), Refused(NotPending));
        Line(PeopleRoles, "hub ChangeContact decline", Refused(NotPending), Refused(NotPending), Allowed, Refused(NotPending), Refused(NotPending), Refused(NotPending), Refused(NotPending));
        Line(PeopleRoles, "hub ChangeContact block", Allowed, Allowed, Allowed, Allowed, Done, Allowed, Allowed);
        Line(PeopleRoles, "hub ChangeContact unblock", Refused(NotBlocked), Refused(NotBlocked), Refused(NotBlocked), Refused(NotBlocked), Allowed, Refused(NotBlocked), Refused(NotBlocked));
        Line(PeopleRoles, "hub ChangeContact delete", Refused("They are not on your contacts."), Allowed, Allowed, Allowed, Allowed, Allowed, Allowed);
        Line(PeopleRoles, "hub StartCall", CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable));
        Line(PeopleRoles, "hub Invite", CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable), CallRefused(Unavailable));
        Line(PeopleRoles, "hub ScheduleMeeting", MeetingRefused(Unavailable), MeetingRefused(Unavailable), MeetingRefused(Unavailable), Allowed, MeetingRefused(Unavailable), Allowed, Allowed);
        Line(PeopleRoles, "hub JoinMeeting", NotAsked, NotAsked, NotAsked, CallRefused(Unavailable), CallRefused(Unavailable), NotAsked, NotAsked);
        Line(PeopleRoles, "GET /api/v1/contacts", "200 absent", "200 requested offline", "200 pending offline", "200 accepted offline", "200 blocked offline", "200 accepted offline", "200 accepted offline");
        Line(PeopleRoles, "GET /api/v1/users?query={target}", "200 none", "200 requested", "200 pending", "200 accepted", "200 blocked", "200 accepted", "200 accepted");
        Line(PeopleRoles, "POST /api/v1/contacts/{target}/request", Allowed, "204", Allowed, "409 already_contacts", "409 unblock_first", "409 already_contacts", "409 already_contacts");
        Line(PeopleRoles, "POST /api/v1/contacts/{target}/accept", "409 not_pending", "409 not_pending", Allowed, "409 not_pending", "409 not_pending", "409 not_pending", "409 not_pending");
        Line(PeopleRoles, "POST /api/v1/contacts/{target}/decline", "409 not_pending", "409 not_pending", Allowed, "409 not_pending", "409 not_pending", "409 not_pending", "409 not_pending");
        Line(PeopleRoles, "POST /api/v1/contacts/{target}/block", Allowed, Allowed, Allowed, Allowed, "204", Allowed, Allowed);
        Line(PeopleRoles, "POST /api/v1/contacts/{target}/unblock", "409 not_blocked", "409 not_blocked", "409 not_blocked", "409 not_blocked", Allowed, "409 not_blocked", "409 not_blocked");
        Line(PeopleRoles, "DELETE /api/v1/contacts/{target}", "409 no_relationship", Allowed, Allowed, Allowed, Allowed, Allowed, Allowed);
        Line(PeopleRoles, "POST /api/v1/meetings", "400 unavailable", "400 unavailable", "400 unavailable", Allowed, "400 unavailable", Allowed, Allowed);
        Line(PeopleRoles, "GET /users/{target}/picture", "200 image/svg+xml", "200 image/svg+xml", "200 image/svg+xml", "200 image/svg+xml", "200 image/svg+xml", "200 image/svg+xml", "200 image/svg+xml");

        // About a call (the target is the other participant). Columns: Participant, NonParticipant, Ended, Unknown.
        Line(CallRoles, "hub AnswerCall accept", CallRefused("This call was already answered."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub AnswerCall decline", CallRefused("This call was already answered."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub Invite", CallRefused("They are already in this call."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub Signal", Allowed, CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub Forward", CallRefused("This call does not go through a media server."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub ReceiveVideo", CallRefused("This call does not go through a media server."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub ShareScreen", Allowed, CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub ReconnectMedia", CallRefused("This call does not go through a media server."), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub AnnounceIdentity", Allowed, CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        // Neither end announced a key in the shared call, so a well-formed message names keys nobody has.
        Line(CallRoles, "hub SendMediaKey", CallRefused(Unannounced), CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub HangUp", Allowed, CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));
        Line(CallRoles, "hub Rejoin", """{"ok":true,"callId":"{call}","error":null}""", CallRefused(NotInCall), CallRefused(CallEnded), CallRefused(CallEnded));

        // About a meeting. Columns: Organizer, Participant, NonParticipant, Ended (cancelled), Unknown.
        Line(MeetingRoles, "hub Meetings", "listed", "listed", "not listed", "listed, cancelled", "not listed");
        Line(MeetingRoles, "hub AnswerMeeting accept", MeetingRefused("You were not invited to this meeting."), Allowed, MeetingRefused(NoSuchMeeting), MeetingRefused(MeetingCancelled), MeetingRefused(NoSuchMeeting));
        Line(MeetingRoles, "hub AnswerMeeting decline", MeetingRefused("You were not invited to this meeting."), Allowed, MeetingRefused(NoSuchMeeting), MeetingRefused(MeetingCancelled), MeetingRefused(NoSuchMeeting));
        Line(MeetingRoles, "hub RescheduleMeeting", Allowed, MeetingRefused(NotOrganizer), MeetingRefused(NoSuchMeeting), MeetingRefused(MeetingCancelled), MeetingRefused(NoSuchMeeting));
        Line(MeetingRoles, "hub CancelMeeting", Allowed, MeetingRefused(NotOrganizer), MeetingRefused(NoSuchMeeting), MeetingRefused(MeetingCancelled), MeetingRefused(NoSuchMeeting));
        Line(MeetingRoles, "hub JoinMeeting", CallRefused("This meeting has not started yet."), CallRefused("This meeting has not started yet."), CallRefused(NoSuchMeeting), CallRefused(MeetingCancelled), CallRefused(NoSuchMeeting));
        Line(MeetingRoles, "GET /api/v1/meetings", "200 listed", "200 listed", "200 not listed", "200 listed, cancelled", "200 not listed");
        Line(MeetingRoles, "GET /api/v1/meetings/{meeting}", "200", "200", "404 not_found", "200", "404 not_found");
        Line(MeetingRoles, "GET /api/v1/meetings/{meeting}.ics", "200 text/calendar", "200 text/calendar", "404 not_found", "200 text/calendar", "404 not_found");
        Line(MeetingRoles, "POST /api/v1/meetings/{meeting}/answer accept", "404 not_invited", Allowed, "404 not_found", "409 cancelled", "404 not_found");
        Line(MeetingRoles, "POST /api/v1/meetings/{meeting}/answer decline", "404 not_invited", Allowed, "404 not_found", "409 cancelled", "404 not_found");
        Line(MeetingRoles, "PUT /api/v1/meetings/{meeting}/time", Allowed, "403 not_organizer", "404 not_found", "409 cancelled", "404 not_found");
        Line(MeetingRoles, "DELETE /api/v1/meetings/{meeting}", Allowed, "403 not_organizer", "404 not_found", "409 cancelled", "404 not_found");
        Line(MeetingRoles, "GET /meetings/{meeting}.ics", "200 text/calendar", "200 text/calendar", "404", "200 text/calendar", "404");

        // A contact status changed after the call rang (the target is the other end of the block; see Role).
        // Columns: BlockedAfterInvite, BlockedWhileRinging (both rung out: as never invited), BlockerAfterInvite, InvitingBesideABlock.
        // Starting a call or scheduling a meeting is about people: the lines above.
        Line(CallChangeRoles, "hub AnswerCall accept", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(Unavailable), CallRefused("This call was already answered."));
        Line(CallChangeRoles, "hub AnswerCall decline", CallRefused(NotInCall), CallRefused(NotInCall), Allowed, CallRefused("This call was already answered."));
        Line(CallChangeRoles, "hub Invite", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(Unavailable));
        Line(CallChangeRoles, "hub Signal", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(NotInCall), CallRefused("They are not in this call."));
        Line(CallChangeRoles, "hub AnnounceIdentity", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(NotInCall), Allowed);
        Line(CallChangeRoles, "hub SendMediaKey", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(NotInCall), CallRefused("They are not in this call."));
        Line(CallChangeRoles, "hub HangUp", CallRefused(NotInCall), CallRefused(NotInCall), Allowed, Allowed);
        Line(CallChangeRoles, "hub Rejoin", CallRefused(NotInCall), CallRefused(NotInCall), CallRefused(NotInCall), """{"ok":true,"callId":"{call}","error":null}""");

        // A contact status changed after the meeting was scheduled. Columns: BlockerAfterScheduling, BlockedAfterScheduling
        // (to either invitee the meeting no longer exists), OrganizerAfterBlock.
        Line(MeetingChangeRoles, "hub Meetings", "not listed", "not listed", "listed");
        Line(MeetingChangeRoles, "hub AnswerMeeting accept", MeetingRefused(NoSuchMeeting), MeetingRefused(NoSuchMeeting), MeetingRefused("You were not invited to this meeting."));
        Line(MeetingChangeRoles, "hub AnswerMeeting decline", MeetingRefused(NoSuchMeeting), MeetingRefused(NoSuchMeeting), MeetingRefused("You were not invited to this meeting."));
        Line(MeetingChangeRoles, "hub RescheduleMeeting", MeetingRefused(NoSuchMeeting), MeetingRefused(NoSuchMeeting), Allowed);
        Line(MeetingChangeRoles, "hub CancelMeeting", MeetingRefused(NoSuchMeeting), MeetingRefused(NoSuchMeeting), Allowed);
        Line(MeetingChangeRoles, "hub JoinMeeting", CallRefused(NoSuchMeeting), CallRefused(NoSuchMeeting), CallRefused("This meeting has not started yet."));
        Line(MeetingChangeRoles, "GET /api/v1/meetings", "200 not listed", "200 not listed", "200 listed");
        Line(MeetingChangeRoles, "GET /api/v1/meetings/{meeting}", "404 not_found", "404 not_found", "200");
        Line(MeetingChangeRoles, "GET /api/v1/meetings/{meeting}.ics", "404 not_found", "404 not_found", "200 text/calendar");
        Line(MeetingChangeRoles, "POST /api/v1/meetings/{meeting}/answer accept", "404 not_found", "404 not_found", "404 not_invited");
        Line(MeetingChangeRoles, "POST /api/v1/meetings/{meeting}/answer decline", "404 not_found", "404 not_found", "404 not_invited");
        Line(MeetingChangeRoles, "PUT /api/v1/meetings/{meeting}/time", "404 not_found", "404 not_found", Allowed);
        Line(MeetingChangeRoles, "DELETE /api/v1/meetings/{meeting}", "404 not_found", "404 not_found", Allowed);
        Line(MeetingChangeRoles, "GET /meetings/{meeting}.ics", "404", "404", "200 text/calendar");
        return cells;
    }

    /// <summary>
    /// The cells marked <see cref="Allowed"/>: the answer, and what the other side hears ("nothing"
    /// also means their contacts, meetings and calls did not change; "offline" means they cannot hear).
    /// </summary>
    public static TheoryData<Role, string, string, string> AllowedCells()
    {
        var cells = new TheoryData<Role, string, string, string>();
        void ChangeContact(Role role, string action, string heard)
        {
            cells.Add(role, $"hub ChangeContact {action}", Done, heard);
            cells.Add(role, action == "delete" ? "DELETE /api/v1/contacts/{target}" : $"POST /api/v1/contacts/{{target}}/{action}", "204", heard);
        }
        ChangeContact(Stranger, "request", "contactChanged");
        ChangeContact(Stranger, "block", "nothing");
        ChangeContact(Pending, "block", "nothing");
        ChangeContact(Pending, "delete", "nothing");
        ChangeContact(PendingForMe, "request", "contactChanged, presenceChanged");
        ChangeContact(PendingForMe, "accept", "contactChanged, presenceChanged");
        ChangeContact(PendingForMe, "decline", "nothing");
        ChangeContact(PendingForMe, "block", "nothing");
        ChangeContact(PendingForMe, "delete", "nothing");
        ChangeContact(BlockedByTarget, "block", "nothing");
        ChangeContact(BlockedByTarget, "delete", "nothing");
        ChangeContact(Blocker, "unblock", "presenceChanged");
        ChangeContact(Blocker, "delete", "nothing");
        ChangeContact(Deleted, "block", "nothing");
        ChangeContact(Deleted, "delete", "nothing");
        ChangeContact(OfflineContact, "block", "offline");
        ChangeContact(OfflineContact, "delete", "offline");
        // Inviting someone who blocked or deleted me answers as inviting an offline contact, and they are never told.
        foreach (var role in new[] { OfflineContact, BlockedByTarget, Deleted })
        {
            var heard = role == OfflineContact ? "offline" : "nothing";
            cells.Add(role, "hub ScheduleMeeting", """{"ok":true,"meetingId":"{new}","error":null}""", heard);
            cells.Add(role, "POST /api/v1/meetings", "201 /api/v1/meetings/{new}", heard);
        }
        cells.Add(Participant, "hub Signal", CallDone, "signal");
        cells.Add(Participant, "hub HangUp", CallDone, "callEnded, participantLeft, presenceChanged");
        cells.Add(Participant, "hub AnnounceIdentity", CallDone, "identityAnnounced");
        cells.Add(Organizer, "hub RescheduleMeeting", MeetingDone, "meetingChanged");
        cells.Add(Organizer, "hub CancelMeeting", MeetingDone, "meetingChanged");
        cells.Add(Organizer, "hub JoinMeeting", """{"ok":true,"callId":"{new}","error":null}""", "presenceChanged");
        cells.Add(Organizer, "PUT /api/v1/meetings/{meeting}/time", "204", "meetingChanged");
        cells.Add(Organizer, "DELETE /api/v1/meetings/{meeting}", "204", "meetingChanged");
        cells.Add(Participant, "hub AnswerMeeting accept", MeetingDone, "meetingChanged");
        cells.Add(Participant, "hub AnswerMeeting decline", MeetingDone, "meetingChanged");
        cells.Add(Participant, "hub JoinMeeting", """{"ok":true,"callId":"{new}","error":null}""", "presenceChanged");
        cells.Add(Participant, "POST /api/v1/meetings/{meeting}/answer accept", "204", "meetingChanged");
        cells.Add(Participant, "POST /api/v1/meetings/{meeting}/answer decline", "204", "meetingChanged");
        // Blocking the other end of my call takes me out of it as hanging up would; the block itself reads as going offline.
        cells.Add(Participant, "hub ChangeContact block", Done, "callEnded, participantLeft, presenceChanged");
        cells.Add(Participant, "POST /api/v1/contacts/{target}/block", "204", "callEnded, participantLeft, presenceChanged");
        // Rung into a call beside someone I blocked since: declining, or hanging up, is as for any invitee.
        cells.Add(BlockerAfterInvite, "hub AnswerCall decline", CallDone, "invitationClosed");
        cells.Add(BlockerAfterInvite, "hub HangUp", CallDone, "invitationClosed");
        // Cancelling a call that still rings someone the target blocked: the target, never rung, hears only that I am no longer in a call.
        cells.Add(InvitingBesideABlock, "hub HangUp", CallDone, "presenceChanged");
        // Announcing a key there tells only those in the call: nobody yet.
        cells.Add(InvitingBesideABlock, "hub AnnounceIdentity", CallDone, "nothing");
        // An invitee who blocked the organizer since hears none of the organizer's changes.
        cells.Add(OrganizerAfterBlock, "hub RescheduleMeeting", MeetingDone, "nothing");
        cells.Add(OrganizerAfterBlock, "hub CancelMeeting", MeetingDone, "nothing");
        cells.Add(OrganizerAfterBlock, "PUT /api/v1/meetings/{meeting}/time", "204", "nothing");
        cells.Add(OrganizerAfterBlock, "DELETE /api/v1/meetings/{meeting}", "204", "nothing");
        return cells;
    }

    /// <summary>
    /// Answers that must not tell two situations apart, compared as raw JSON: someone who blocked or
    /// deleted me answers as a contact who went offline; a meeting I am not in, or no longer see
    /// because of a block since it was scheduled, as one that does not exist; an ended call as one
    /// that never was; a call I was rung out of by a block as one I was never rung into.
    /// </summary>
    public static TheoryData<string, Role, Role> Indistinguishable()
    {
        var cells = new TheoryData<string, Role, Role>();
        // Contact list entries name different people, so Cells compares their status and presence; offline carries no
        // time of leaving (the grain tier's PresenceTests check the whole entry, time included).
        string[] aboutPeople =
        [
            "hub Search", "hub ChangeContact request", "hub ChangeContact accept", "hub ChangeContact decline", "hub ChangeContact unblock",
            "hub StartCall", "hub Invite", "GET /api/v1/users?query={target}",
            "POST /api/v1/contacts/{target}/request", "POST /api/v1/contacts/{target}/accept", "POST /api/v1/contacts/{target}/decline",
            "POST /api/v1/contacts/{target}/unblock",
        ];
        foreach (var operation in aboutPeople)
        {
            cells.Add(operation, BlockedByTarget, OfflineContact);
            cells.Add(operation, Deleted, OfflineContact);
        }
        string[] aboutMeetings =
        [
            "hub AnswerMeeting accept", "hub RescheduleMeeting", "hub CancelMeeting", "hub JoinMeeting", "GET /api/v1/meetings/{meeting}",
            "GET /api/v1/meetings/{meeting}.ics", "POST /api/v1/meetings/{meeting}/answer accept", "PUT /api/v1/meetings/{meeting}/time",
            "DELETE /api/v1/meetings/{meeting}", "GET /meetings/{meeting}.ics",
        ];
        foreach (var operation in aboutMeetings)
        {
            cells.Add(operation, NonParticipant, Unknown);
            cells.Add(operation, BlockerAfterScheduling, Unknown);
            cells.Add(operation, BlockedAfterScheduling, Unknown);
        }
        foreach (var operation in new[] { "hub AnswerCall accept", "hub AnswerCall decline", "hub Invite", "hub Signal", "hub AnnounceIdentity", "hub SendMediaKey", "hub HangUp", "hub Rejoin" })
        {
            cells.Add(operation, Ended, Unknown);
            cells.Add(operation, BlockedAfterInvite, NonParticipant);
            cells.Add(operation, BlockedWhileRinging, NonParticipant);
        }
        return cells;
    }

    [Theory, MemberData(nameof(Cells))]
    public async Task A_cell_that_changes_nothing_gets_its_documented_answer_tells_nobody_and_changes_nothing(Role role, string operation, string expected)
    {
        var scene = world.For(role);

        var answer = await Ask(operation, scene);
        if (!IsRead(operation))
        {
            await Task.Delay(Quiet);
        }

        answer.Text.Should().Be(expected, answer.Raw);
        world.Heard.All.Should().BeEmpty("a cell that changes nothing tells nobody anything");
        (await world.Changes(scene.Involved)).Should().BeEmpty();
    }

    [Theory, MemberData(nameof(Indistinguishable))]
    public async Task An_answer_that_must_not_tell_two_situations_apart_is_byte_for_byte_the_same(string operation, Role role, Role reference)
    {
        var answer = await Operations[operation](world.For(role));
        var referenceAnswer = await Operations[operation](world.For(reference));
        if (!IsRead(operation))
        {
            await Task.Delay(Quiet);
        }

        answer.Raw.Should().Be(referenceAnswer.Raw);
        world.Heard.All.Should().BeEmpty();
        (await world.Changes(world.For(role).Involved.Concat(world.For(reference).Involved))).Should().BeEmpty();
    }

    /// <summary>
    /// Coming into a call beside a block answers as calling an offline contact does: joining a meeting
    /// whose call holds someone who blocked me, or whom I blocked; answering a call after I blocked
    /// someone in it; inviting someone who blocked a person my call still rings.
    /// </summary>
    [Theory]
    [InlineData("hub JoinMeeting", BlockedByTarget)]
    [InlineData("hub JoinMeeting", Blocker)]
    [InlineData("hub AnswerCall accept", BlockerAfterInvite)]
    [InlineData("hub Invite", InvitingBesideABlock)]
    public async Task Coming_into_a_call_beside_a_block_answers_byte_for_byte_as_calling_an_offline_contact(string operation, Role role)
    {
        var refused = await Operations[operation](world.For(role));
        var called = await Operations["hub StartCall"](world.For(OfflineContact));
        await Task.Delay(Quiet);

        refused.Raw.Should().Be(called.Raw);
        world.Heard.All.Should().BeEmpty("nobody in the call hears anyone come or be rung");
        (await world.Changes(world.For(role).Involved)).Should().BeEmpty();
    }

    /// <summary>
    /// Live, a block or a delete reaches me exactly as a contact going offline does, and afterwards
    /// nothing they do (going offline, coming back) reaches me, as nothing of a contact who stays offline would.
    /// </summary>
    [Fact]
    public async Task A_block_or_a_delete_is_heard_exactly_as_a_contact_going_offline_and_then_nothing_more()
    {
        string[] names = ["Me Live", "Blocking Live", "Deleting Live", "Leaving Live"];
        var clients = await Task.WhenAll(names.Select(n => ApiClient.Register(world.BaseAddress, n)));
        var (me, blocking, deleting, leaving) = (Someone.Of("me", clients[0]), Someone.Of("blocking", clients[1]), Someone.Of("deleting", clients[2]), Someone.Of("leaving", clients[3]));
        var ears = new HeardEvents("videoMessageOffered");
        try
        {
            await Task.WhenAll(new[] { blocking, deleting, leaving }.Select(other => AuthorizationWorld.Befriend(me, other)));
            me.Hub = me.NewHub();
            ears.Listen(me.Hub, "me");
            await me.Hub.StartAsync();
            foreach (var other in new[] { blocking, deleting, leaving })
            {
                other.Hub = other.NewHub();
                await other.Hub.StartAsync();
            }
            await ears.Until(all => all.Count(h => h.Method == "presenceChanged") == 3, TimeSpan.FromSeconds(10));
            ears.Clear();

            (await Operations["hub ChangeContact block"](new Scene(blocking, me, Guid.Empty, Guid.Empty, []))).Text.Should().Be(Done);
            (await Operations["hub ChangeContact delete"](new Scene(deleting, me, Guid.Empty, Guid.Empty, []))).Text.Should().Be(Done);
            await leaving.OnlineHub.StopAsync();
            await ears.Until(all => all.Count == 3, TimeSpan.FromSeconds(10));
            await Task.Delay(Quiet);
            var went = ears.All;
            ears.Clear();
            foreach (var other in new[] { blocking, deleting })
            {
                await other.Hub!.StopAsync();
                await other.Hub.StartAsync();
            }
            await Task.Delay(Quiet);

            string Shape(HeardEvents.Heard heard, Someone who) =>
                Regex.Replace(heard.Body.Replace(who.Id.ToString(), "{user}", StringComparison.Ordinal), "\"since\":\"[^\"]+\"", "\"since\":\"{time}\"");
            went.Should().HaveCount(3, string.Join("; ", went));
            went.Should().OnlyContain(h => h.Method == "presenceChanged");
            var offline = went.Single(h => h.Body.Contains(leaving.Id.ToString(), StringComparison.Ordinal));
            Shape(offline, leaving).Should().Be("""{"userId":"{user}","presence":"offline","since":"{time}","method":"presenceChanged"}""");
            Shape(went.Single(h => h.Body.Contains(blocking.Id.ToString(), StringComparison.Ordinal)), blocking).Should().Be(Shape(offline, leaving));
            Shape(went.Single(h => h.Body.Contains(deleting.Id.ToString(), StringComparison.Ordinal)), deleting).Should().Be(Shape(offline, leaving));
            ears.All.Should().BeEmpty("once blocked or deleted, I hear nothing of them, as of a contact who stays offline");
        }
        finally
        {
            foreach (var hub in new[] { me, blocking, deleting, leaving }.Select(s => s.Hub).OfType<HubConnection>())
            {
                await hub.DisposeAsync();
            }
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Theory, MemberData(nameof(AllowedCells))]
    public async Task An_allowed_cell_answers_ok_and_the_other_side_hears_only_what_is_documented(Role role, string operation, string expected, string heard)
    {
        var (scene, ears, owned) = await Fresh(role, operation);
        try
        {
            var before = heard == "nothing" ? await scene.Target.Snapshot() : null;

            var answer = await Operations[operation](scene);
            if (heard is not ("nothing" or "offline"))
            {
                var methods = heard.Split(", ");
                await ears.Until(all => methods.All(m => all.Any(h => h.Method == m)), TimeSpan.FromSeconds(10));
            }
            await Task.Delay(Quiet);

            answer.Text.Should().Be(expected, answer.Raw);
            if (heard != "offline")
            {
                ears.MethodsHeardBy("target").Should().Be(heard, string.Join("; ", ears.All));
            }
            if (before is not null)
            {
                (await scene.Target.Snapshot()).Should().Be(before, "what the other side sees must not change");
            }
        }
        finally
        {
            foreach (var (client, someone) in owned)
            {
                if (someone.Hub is { } hub)
                {
                    await hub.DisposeAsync();
                }
                client.Dispose();
            }
        }
    }

    /// <summary>Fresh users in the situation the role names; only the target's connection is listened to.</summary>
    private async Task<(Scene Scene, HeardEvents Ears, List<(ApiClient Client, Someone Someone)> Owned)> Fresh(Role role, string operation)
    {
        var ears = new HeardEvents("videoMessageOffered");
        var owned = new List<(ApiClient, Someone)>();
        async Task<Someone> NewUser(string name, bool online, bool listened)
        {
            var client = await ApiClient.Register(world.BaseAddress, $"{name} Allowed");
            var someone = Someone.Of(name, client);
            owned.Add((client, someone));
            if (online)
            {
                someone.Hub = someone.NewHub();
                if (listened)
                {
                    ears.Listen(someone.Hub, "target");
                }
                await someone.Hub.StartAsync();
            }
            return someone;
        }

        Scene scene;
        if (PeopleRoles.Contains(role))
        {
            var target = await NewUser("Target", online: false, listened: false);
            await AuthorizationWorld.Arrange(role, world.Agent, target);
            if (role != OfflineContact)
            {
                target.Hub = target.NewHub();
                ears.Listen(target.Hub, "target");
                await target.Hub.StartAsync();
            }
            scene = new Scene(world.Agent, target, Guid.Empty, Guid.Empty, [target]);
        }
        else if (AuthorizationWorld.ChangeRoles.Contains(role))
        {
            scene = await AuthorizationWorld.ArrangeChange(role, name => NewUser(name, online: true, listened: false));
            ears.Listen(scene.Target.OnlineHub, "target");
            scene = scene with { Involved = [scene.Target] };
        }
        else if (operation.Contains("Meeting", StringComparison.Ordinal) || operation.Contains("meetings", StringComparison.Ordinal))
        {
            // Whoever joins a meeting's call stays in it: only joining needs a fresh actor instead of the agent.
            var actor = operation == "hub JoinMeeting" ? await NewUser("Joiner", online: true, listened: false) : world.Agent;
            var other = await NewUser(role == Organizer ? "Invitee" : "Organizer", online: true, listened: true);
            await AuthorizationWorld.Befriend(actor, other);
            var (organizer, invitee) = role == Organizer ? (actor, other) : (other, actor);
            var draft = new { title = "Allowed meeting", startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 30, invitees = new[] { invitee.Id } };
            var scheduled = await organizer.OnlineHub.InvokeAsync<JsonElement>("ScheduleMeeting", draft);
            await ears.Until(all => all.Any(h => h.Method == "meetingChanged"), TimeSpan.FromSeconds(10));
            scene = new Scene(actor, other, Guid.Empty, scheduled.GetProperty("meetingId").GetGuid(), [other]);
        }
        else
        {
            var caller = await NewUser("Caller", online: true, listened: false);
            var callee = await NewUser("Callee", online: true, listened: true);
            await AuthorizationWorld.Befriend(caller, callee);
            var callId = await AuthorizationWorld.Connect(caller, callee);
            await ears.Until(all => all.Any(h => h.Method == "callConnected"), TimeSpan.FromSeconds(10));
            scene = new Scene(caller, callee, callId, Guid.Empty, [callee]);
        }
        // What the setup announced has arrived; the cell is judged on what comes after.
        await Task.Delay(Quiet);
        ears.Clear();
        return (scene, ears, owned);
    }

    private static bool IsHubMethod(string operation) => operation.StartsWith("hub ", StringComparison.Ordinal) && operation is not ("hub negotiate" or "hub WebSocket");

    /// <summary>An operation's answer; an invocation on a connection the server closed fails in the client before it is sent.</summary>
    private static async Task<Answer> Ask(string operation, Scene scene)
    {
        try
        {
            return await Operations[operation](scene);
        }
        catch (InvalidOperationException) when (IsHubMethod(operation) && scene.Actor.Hub?.State == HubConnectionState.Disconnected)
        {
            return new Answer(Closed, Closed);
        }
    }

    private static bool IsRead(string operation) =>
        operation.StartsWith("GET ", StringComparison.Ordinal) || operation is "hub Node" or "hub Contacts" or "hub Search" or "hub IceConfiguration" or "hub Meetings";

    /// <summary>An answer as the tables write it, and the raw JSON (or body) for byte-for-byte comparisons.</summary>
    private sealed record Answer(string Text, string Raw);

    private static readonly object Offer = new { description = new { type = "offer", sdp = "v=0\r\n" } };

    private static object Draft(Scene s) => new { title = "Matrix draft", startsAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 30, invitees = new[] { s.Target.Id } };

    private static string NewKey(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    private static object NewTime => new { startsAt = DateTimeOffset.UtcNow.AddDays(3), durationMinutes = 45 };

    private static readonly Dictionary<string, Func<Scene, Task<Answer>>> Operations = new()
    {
        ["hub negotiate"] = s => Api(s, HttpMethod.Post, "/hub/negotiate?negotiateVersion=1"),
        ["hub WebSocket"] = Connect,
        ["hub Node"] = async s =>
        {
            var node = await s.Actor.OnlineHub.InvokeAsync<JsonElement>("Node");
            using var health = await s.Actor.Send(HttpMethod.Get, "/healthz");
            return new Answer(node.GetString() == health.Headers.GetValues(Hosting.Pipeline.NodeHeader).Single() ? "this node" : node.GetRawText(), node.GetRawText());
        },
        ["hub IceConfiguration"] = async s =>
        {
            var ice = await s.Actor.OnlineHub.InvokeAsync<JsonElement>("IceConfiguration");
            return new Answer(ice.GetProperty("iceServers").ValueKind == JsonValueKind.Array ? "ice servers" : ice.GetRawText(), ice.GetRawText());
        },
        ["hub Contacts"] = async s => Entry(await s.Actor.OnlineHub.InvokeAsync<JsonElement>("Contacts"), "profile", s.Target,
            entry => $"{entry.GetProperty("relationship").GetString()} {entry.GetProperty("presence").GetProperty("presence").GetString()}"),
        ["hub Search"] = async s => Entry((await s.Actor.OnlineHub.InvokeAsync<JsonElement>("Search", s.Target.Username, 0)).GetProperty("results"), "profile", s.Target,
            entry => entry.GetProperty("relationship").GetString()!),
        ["hub ChangeContact request"] = s => Hub(s, "ChangeContact", s.Target.Id, "request"),
        ["hub ChangeContact accept"] = s => Hub(s, "ChangeContact", s.Target.Id, "accept"),
        ["hub ChangeContact decline"] = s => Hub(s, "ChangeContact", s.Target.Id, "decline"),
        ["hub ChangeContact block"] = s => Hub(s, "ChangeContact", s.Target.Id, "block"),
        ["hub ChangeContact unblock"] = s => Hub(s, "ChangeContact", s.Target.Id, "unblock"),
        ["hub ChangeContact delete"] = s => Hub(s, "ChangeContact", s.Target.Id, "delete"),
        ["hub StartCall"] = s => Hub(s, "StartCall", s.Target.Id, "video"),
        ["hub AnswerCall accept"] = s => Hub(s, "AnswerCall", s.CallId, true),
        ["hub AnswerCall decline"] = s => Hub(s, "AnswerCall", s.CallId, false),
        ["hub Invite"] = s => Hub(s, "Invite", s.CallId, s.Target.Id),
        ["hub Signal"] = s => Hub(s, "Signal", s.CallId, s.Target.Id, Offer),
        ["hub Forward"] = s => Hub(s, "Forward", s.CallId, "publish", Offer),
        ["hub ReceiveVideo"] = s => Hub(s, "ReceiveVideo", s.CallId, s.Target.Id, "low"),
        ["hub ShareScreen"] = s => Hub(s, "ShareScreen", s.CallId, true),
        ["hub ReconnectMedia"] = s => Hub(s, "ReconnectMedia", s.CallId),
        ["hub AnnounceIdentity"] = s => Hub(s, "AnnounceIdentity", s.CallId, NewKey(32)),
        ["hub SendMediaKey"] = s => Hub(s, "SendMediaKey", s.CallId, s.Target.Id, new
        {
            v = 1, call = s.CallId.ToString(), kid = 1, from = NewKey(32), to = NewKey(32), salt = NewKey(16), iv = NewKey(12), key = NewKey(32),
        }),
        ["hub HangUp"] = s => Hub(s, "HangUp", s.CallId),
        ["hub Rejoin"] = s => Hub(s, "Rejoin", s.CallId),
        ["hub Meetings"] = async s => Listed(await s.Actor.OnlineHub.InvokeAsync<JsonElement>("Meetings"), s),
        ["hub ScheduleMeeting"] = s => Hub(s, "ScheduleMeeting", Draft(s)),
        ["hub AnswerMeeting accept"] = s => Hub(s, "AnswerMeeting", s.MeetingId, true),
        ["hub AnswerMeeting decline"] = s => Hub(s, "AnswerMeeting", s.MeetingId, false),
        ["hub RescheduleMeeting"] = s => Hub(s, "RescheduleMeeting", s.MeetingId, DateTimeOffset.UtcNow.AddDays(3), 45),
        ["hub CancelMeeting"] = s => Hub(s, "CancelMeeting", s.MeetingId),
        ["hub JoinMeeting"] = s => Hub(s, "JoinMeeting", s.MeetingId),

        ["POST /api/v1/tokens"] = s => Api(s, HttpMethod.Post, "/api/v1/tokens", new { username = VivSession.NewUsername("nobody"), password = VivSession.Password }),
        ["POST /api/v1/tokens/refresh"] = s => Api(s, HttpMethod.Post, "/api/v1/tokens/refresh", new { refreshToken = s.Actor.RefreshToken ?? "not-a-refresh-token" }),
        ["DELETE /api/v1/tokens/current"] = s => Api(s, HttpMethod.Delete, "/api/v1/tokens/current"),
        ["GET /api/v1/me"] = s => Api(s, HttpMethod.Get, "/api/v1/me", read: me => new Answer(me.GetProperty("id").GetGuid() == s.Actor.Id ? "me" : me.GetRawText(), me.GetRawText())),
        ["PUT /api/v1/me/picture"] = s => Api(s, HttpMethod.Put, "/api/v1/me/picture", NotAnImage()),
        ["PUT /api/v1/me/password"] = s => Api(s, HttpMethod.Put, "/api/v1/me/password", new { currentPassword = VivSession.Password, newPassword = "short" }),
        ["GET /api/v1/users?query={target}"] = s => Api(s, HttpMethod.Get, $"/api/v1/users?query={s.Target.Username}",
            read: found => Entry(found.GetProperty("items"), "user", s.Target, entry => entry.GetProperty("relationship").GetString()!)),
        ["GET /api/v1/contacts"] = s => Api(s, HttpMethod.Get, "/api/v1/contacts", read: contacts => Entry(contacts.GetProperty("items"), "user", s.Target,
            entry => $"{entry.GetProperty("relationship").GetString()} {entry.GetProperty("presence").GetString()}")),
        ["POST /api/v1/contacts/{target}/request"] = s => Api(s, HttpMethod.Post, $"/api/v1/contacts/{s.Target.Id}/request"),
        ["POST /api/v1/contacts/{target}/accept"] = s => Api(s, HttpMethod.Post, $"/api/v1/contacts/{s.Target.Id}/accept"),
        ["POST /api/v1/contacts/{target}/decline"] = s => Api(s, HttpMethod.Post, $"/api/v1/contacts/{s.Target.Id}/decline"),
        ["POST /api/v1/contacts/{target}/block"] = s => Api(s, HttpMethod.Post, $"/api/v1/contacts/{s.Target.Id}/block"),
        ["POST /api/v1/contacts/{target}/unblock"] = s => Api(s, HttpMethod.Post, $"/api/v1/contacts/{s.Target.Id}/unblock"),
        ["DELETE /api/v1/contacts/{target}"] = s => Api(s, HttpMethod.Delete, $"/api/v1/contacts/{s.Target.Id}"),
        ["GET /api/v1/calls"] = s => Api(s, HttpMethod.Get, "/api/v1/calls"),
        ["GET /api/v1/ice"] = s => Api(s, HttpMethod.Get, "/api/v1/ice"),
        ["GET /api/v1/meetings"] = s => Api(s, HttpMethod.Get, "/api/v1/meetings", read: meetings => Listed(meetings.GetProperty("items"), s)),
        ["POST /api/v1/meetings"] = s => Api(s, HttpMethod.Post, "/api/v1/meetings", Draft(s)),
        ["GET /api/v1/meetings/{meeting}"] = s => Api(s, HttpMethod.Get, $"/api/v1/meetings/{s.MeetingId}"),
        ["GET /api/v1/meetings/{meeting}.ics"] = s => Api(s, HttpMethod.Get, $"/api/v1/meetings/{s.MeetingId}.ics"),
        ["POST /api/v1/meetings/{meeting}/answer accept"] = s => Api(s, HttpMethod.Post, $"/api/v1/meetings/{s.MeetingId}/answer", new { accept = true }),
        ["POST /api/v1/meetings/{meeting}/answer decline"] = s => Api(s, HttpMethod.Post, $"/api/v1/meetings/{s.MeetingId}/answer", new { accept = false }),
        ["PUT /api/v1/meetings/{meeting}/time"] = s => Api(s, HttpMethod.Put, $"/api/v1/meetings/{s.MeetingId}/time", NewTime),
        ["DELETE /api/v1/meetings/{meeting}"] = s => Api(s, HttpMethod.Delete, $"/api/v1/meetings/{s.MeetingId}"),
        ["GET /users/{target}/picture"] = s => Api(s, HttpMethod.Get, $"/users/{s.Target.Id}/picture"),
        ["GET /meetings/{meeting}.ics"] = s => Api(s, HttpMethod.Get, $"/meetings/{s.MeetingId}.ics"),
    };

    private static ByteArrayContent NotAnImage()
    {
        var content = new ByteArrayContent("<svg onload=alert(1)>"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static async Task<Answer> Hub(Scene s, string method, params object?[] arguments)
    {
        var reply = await s.Actor.OnlineHub.InvokeCoreAsync<JsonElement>(method, arguments);
        var raw = reply.GetRawText();
        var text = raw.Replace(s.CallId.ToString(), "{call}", StringComparison.Ordinal).Replace(s.MeetingId.ToString(), "{meeting}", StringComparison.Ordinal);
        return new Answer(AnyId().Replace(text, "{new}"), raw);
    }

    /// <summary>An API answer as "status code" for a problem, "status path" for a redirect, "status media-type" for a file, or the status.</summary>
    private static async Task<Answer> Api(Scene s, HttpMethod method, string path, object? body = null, Func<JsonElement, Answer>? read = null)
    {
        using var response = await s.Actor.Send(method, path, body);
        var raw = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var media = response.Content.Headers.ContentType?.MediaType;
        if (response.IsSuccessStatusCode && read is not null)
        {
            var found = read(JsonDocument.Parse(raw).RootElement);
            return new Answer($"{status} {found.Text}", found.Raw);
        }
        var text = media == "application/problem+json" ? $"{status} {(await ApiProblems.Read(response)).Code}"
            : response.Headers.Location is { } location ? $"{status} {AnyId().Replace(location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0], "{new}")}"
            : response.IsSuccessStatusCode && media is not (null or "application/json") ? $"{status} {media}"
            : $"{status}";
        return new Answer(text, WithoutTraceId(raw));
    }

    /// <summary>
    /// A problem document may carry a per-request <c>traceId</c>; byte-for-byte comparisons remove
    /// exactly that member and nothing else.
    /// </summary>
    private static string WithoutTraceId(string raw) => TraceId().Replace(raw, "");

    /// <summary>The target's entry in a list, described for the table; its raw form leaves out the person, who differs between the roles compared.</summary>
    private static Answer Entry(JsonElement items, string person, Someone target, Func<JsonElement, string> describe)
    {
        foreach (var item in items.EnumerateArray())
        {
            if (item.GetProperty(person).GetProperty("id").GetGuid() == target.Id)
            {
                var rest = item.EnumerateObject().Where(p => p.Name != person).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}");
                return new Answer(describe(item), "{" + string.Join(",", rest) + "}");
            }
        }
        return new Answer("absent", "absent");
    }

    private static Answer Listed(JsonElement meetings, Scene s)
    {
        var meeting = meetings.EnumerateArray().Where(m => m.GetProperty("id").GetGuid() == s.MeetingId).ToList();
        var text = meeting switch
        {
            [] => "not listed",
            [var m] when m.GetProperty("cancelled").GetBoolean() => "listed, cancelled",
            [_] => "listed",
            _ => "listed twice",
        };
        return new Answer(text, text);
    }

    private static async Task<Answer> Connect(Scene s)
    {
        await using var hub = s.Actor.NewHub();
        try
        {
            await hub.StartAsync();
            return new Answer("connected", "connected");
        }
        catch (System.Net.WebSockets.WebSocketException refused)
        {
            return new Answer(refused.Message.Contains("'401'", StringComparison.Ordinal) ? "401" : refused.Message, refused.Message);
        }
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex AnyId();

    [GeneratedRegex(""",\s*"traceId"\s*:\s*"[^"]*"|"traceId"\s*:\s*"[^"]*"\s*,?""")]
    private static partial Regex TraceId();
}
