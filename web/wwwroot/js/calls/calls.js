// A call from the person's side. A call starts 1:1 and grows as participants add contacts; a
// meeting's call is entered instead of rung. The server's call room decides everything (who rings,
// negotiation roles, who is in, when it ends); this browser shows it and moves media, holding one
// peer connection per other participant; past the mesh limit its media goes through the media server. The call itself is in call-state.js; each step has its
// module: placing.js, ringing.js, mesh.js, controls.js.
import { createStage } from "./stage.js";
import { createLocalMedia } from "./media.js";
import { createChat } from "./chat.js";
import { createInvite } from "./invite.js";
import { createCallState } from "./call-state.js";
import { createPlacing } from "./placing.js";
import { createRinging } from "./ringing.js";
import { createLeaveMessage } from "./leave-message.js";
import { createMesh } from "./mesh.js";
import { createForwarding } from "./forwarding.js";
import { createCallEncryption } from "./call-encryption.js";
import { createControls } from "./controls.js";
import { createGestures } from "./gestures.js";
import { createSpeakers } from "./speakers.js";
import { noMedia, unansweredWords } from "./words.js";

const $ = (selector) => document.querySelector(selector);

export function setUpCalls(connection, { notify, announce, contactList }) {
  const state = createCallState();
  const stage = createStage($("[data-call-grid]"), $("[data-call-local-tile]"));
  const media = createLocalMedia();
  const chat = createChat({
    notify,
    onScreen: (userId, sharing) => stage.get(userId)?.setSharing?.(sharing),
    onGesture: (userId, message) => gestures.received(userId, message),
  });
  const invite = createInvite({ contactList, invite: (userId) => connection.invoke("Invite", state.call?.id, userId) });

  const invoke = async (method, ...args) => {
    const reply = await connection.invoke(method, ...args);
    if (!reply.ok && reply.error) notify(reply.error);
    return reply;
  };

  const reset = () => {
    ringing.stop();
    media.stop();
    mesh.close();
    forwarding.close();
    encryption.end();
    state.clear();
    placing.close();
    invite.close();
    chat.reset();
    gestures.reset();
    stage.clear();
    controls.hide();
    document.documentElement.dataset.call = "idle";
    leaveMessage.present();
  };

  const hangUp = async () => {
    const id = state.call?.id;
    reset();
    if (id) await invoke("HangUp", id);
  };

  // While a call rings or is being placed: what answering or being answered would otherwise wait for.
  const prepareCall = (kind) => {
    controls.prepare(kind);
    media.prepare();
    encryption.prepare();
  };
  const steps = { state, connection, media, invoke, reset, hangUp, notify, prepareCall };
  const placing = createPlacing(steps);
  const ringing = createRinging({ ...steps, announce });
  const leaveMessage = createLeaveMessage(steps);
  const mesh = createMesh({ ...steps, stage, chat, status: $("[data-call-status]") });
  const encryption = createCallEncryption(steps);
  const forwarding = createForwarding({ ...steps, stage, encryption, onArrived: (userId) => mesh.stopMedia(userId) });
  // What a shared screen or another device replaces: the tracks sent to each peer, or to the media server.
  const sending = { ...mesh, connections: () => (state.call?.forwarded ? forwarding.connections() : mesh.connections()) };
  const controls = createControls({ ...steps, mesh: sending, chat, invite, stage });
  const gestures = createGestures({ ...steps, chat, stage, announce });
  createSpeakers({ state, stage });

  const showCallScreen = () => {
    placing.connected();
    controls.show();
  };

  // What arrives while a call is being placed waits for the hub's reply with its id (placing.js).
  const onCall = (name, handle) => connection.on(name, (event) => {
    if (state.call?.placing) state.call.early.push(() => handle(event));
    else handle(event);
  });

  connection.on("callConnected", ({ callId, peers, forwarded }) => {
    // Entering a meeting's call: the room answers with everyone there before the hub replies with its id.
    if (state.call?.meeting && state.call.id === null) state.call.id = callId;
    if (!state.ours(callId)) return;
    showCallScreen();
    encryption.begin(callId);
    if (forwarded) {
      if (!encryption.forwarded()) return;
      forwarding.start();
    }
    peers.forEach(({ profile, polite }) => mesh.connectTo(profile, polite));
  });

  onCall("participantJoined", ({ callId, peer }) => {
    if (!state.ours(callId)) return;
    if (!state.call.connected) showCallScreen();
    encryption.begin(callId);
    mesh.connectTo(peer.profile, peer.polite);
  });

  onCall("participantLeft", ({ callId, userId }) => {
    if (!state.ours(callId)) return;
    encryption.left(callId, userId);
    mesh.left(userId);
  });
  onCall("participantInvited", ({ callId, invitee }) => state.ours(callId) && mesh.invited(invitee));
  onCall("invitationClosed", ({ callId, userId, outcome }) => state.ours(callId) && mesh.invitationClosed(userId, outcome));
  onCall("signal", ({ callId, from, signal }) => state.ours(callId) && mesh.signal(from, signal));
  onCall("callForwarded", ({ callId }) => state.ours(callId) && encryption.forwarded() && forwarding.start());
  onCall("meshResumed", ({ callId }) => {
    if (!state.ours(callId)) return;
    forwarding.stop();
    encryption.direct();
    mesh.resumeMedia();
  });
  onCall("mediaSignal", ({ callId, leg, signal, lines }) => state.ours(callId) && forwarding.signal(leg, signal, lines));
  onCall("videosReceived", ({ callId, userIds }) => state.ours(callId) && forwarding.videos(userIds));
  onCall("identityAnnounced", (event) => encryption.identityAnnounced(event));
  onCall("mediaKey", (event) => encryption.mediaKey(event));
  onCall("speaking", ({ callId, userId, talking }) => state.ours(callId) && stage.get(userId)?.setSpeaking?.(talking));

  onCall("callEnded", ({ callId, outcome, reason }) => {
    if (state.call?.id !== callId && state.ringing?.id !== callId) return;
    const wasRinging = state.ringing?.id === callId;
    const endedBeforeAnswer = state.call?.id === callId && !state.call.connected;
    reset();
    if (wasRinging && outcome === "missed") notify("Missed call.");
    else if (endedBeforeAnswer) notify(unansweredWords[reason] ?? "Call ended.");
    else if (!wasRinging) notify("Call ended.");
  });

  // After a reconnect, or when the server rebuilt this tab's presence (a silo died): the call's room
  // learns this tab again, and comes back if it was lost with the silo.
  const rejoin = async () => {
    const call = state.call;
    if (!call?.id) return;
    const reply = await connection.invoke("Rejoin", call.id);
    // Back too late: the call ended meanwhile, or the room let this tab go after its grace.
    if (reply.ok || state.call !== call) return;
    reset();
    notify("Call ended.");
  };
  connection.onreconnected(rejoin);
  connection.on("presenceRestored", rejoin);

  async function joinMeeting(meetingId) {
    if (state.busy) return notify("You are already in a call.");
    const call = state.begin(null, "video", connection.invoke("IceConfiguration"), { meeting: meetingId });
    try {
      await media.start("video");
    } catch {
      reset();
      return notify(noMedia);
    }
    const reply = await invoke("JoinMeeting", meetingId);
    if (state.call !== call) return;
    if (!reply.ok) return reset();
    call.id ??= reply.callId;
    if (!call.connected) showCallScreen();
  }

  reset();
  return { place: placing.place, joinMeeting, load: ringing.load };
}
