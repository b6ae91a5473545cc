// A call from the person's side: confirm, ring, answer, the call screen and its controls. A call
// starts 1:1 and grows as participants add contacts; this browser holds one peer connection per
// other participant. The server's call room decides everything (who rings, negotiation roles,
// who is in, when it ends); this module shows it and moves media. Signals from someone whose
// connection does not exist yet wait in a queue.
import { createPeer } from "./peer.js";
import { createRingtone } from "./ringtone.js";
import { pictureUrl, label, named, namedText } from "./people.js";
import { createStage } from "./call-stage.js";
import { createLocalMedia } from "./call-media.js";
import { createChat } from "./call-chat.js";
import { createInvite } from "./call-invite.js";
import { readStats, quality } from "./connection-stats.js";
import { notifyIncomingCall } from "./call-notification.js";
import { sentence } from "./isolate.js";

const $ = (selector) => document.querySelector(selector);
const kindWords = { video: "Video call", voice: "Voice call" };
const statsEveryMs = 3_000;
const noMedia = "Viv cannot use your camera or microphone. Allow them in the browser and try again.";

/** "Ada @ada", "Ada @ada and Ben @ben", "Ada @ada, Ben @ben and Cleo @cleo": nodes, each name and username isolated. */
const names = (people) =>
  people.flatMap((profile, i) => [i === 0 ? "" : i === people.length - 1 ? " and " : ", ", ...named(profile)]).filter((node) => node !== "");

export function setUpCalls(connection, { notify, announce, roster }) {
  const ringtone = createRingtone();
  const ui = {
    confirm: $("[data-call-confirm]"),
    outgoing: $("[data-call-outgoing]"),
    incoming: $("[data-call-incoming]"),
    view: $("[data-call-view]"),
    local: $("[data-call-local]"),
    status: $("[data-call-status]"),
    mute: $("[data-call-mute]"),
    camera: $("[data-call-camera]"),
    share: $("[data-call-share]"),
    add: $("[data-call-add]"),
    cameraSelect: $("[data-call-camera-select]"),
    microphoneSelect: $("[data-call-microphone-select]"),
  };
  const stage = createStage($("[data-call-grid]"), $("[data-call-local-tile]"));
  const media = createLocalMedia();
  const chat = createChat({ notify, onScreen: (userId, sharing) => stage.get(userId)?.setSharing?.(sharing) });
  // call: { id, kind, connected, configuration: Promise, peers: Map<userId, { profile, peer, reading }>, queue: Map<userId, signal[]> }
  let call = null;
  let ringing = null; // { id, caller, kind }
  // The selected route can change mid-call (an ICE restart, a better pair found later), and the quality always does.
  setInterval(() => call?.peers.forEach(showConnection), statsEveryMs);
  let flashTimer;
  let closeNotification = () => {};

  const invoke = async (method, ...args) => {
    const reply = await connection.invoke(method, ...args);
    if (!reply.ok && reply.error) notify(reply.error);
    return reply;
  };
  const invite = createInvite({
    roster,
    invite: (userId) => connection.invoke("Invite", call?.id, userId),
  });

  const pcs = () => [...(call?.peers.values() ?? [])].filter((p) => p.peer).map((p) => p.peer.pc);

  const reset = () => {
    ringtone.stop();
    closeNotification();
    stopFlashing();
    media.stop();
    call?.peers.forEach(({ peer }) => peer?.close());
    call = null;
    ringing = null;
    [ui.confirm, ui.outgoing, ui.incoming].forEach((dialog) => dialog.open && dialog.close());
    invite.close();
    chat.reset();
    stage.clear();
    ui.view.hidden = true;
    ui.local.srcObject = null;
    document.documentElement.dataset.call = "idle";
  };

  const flashTitle = (text) => {
    const original = document.title;
    let on = false;
    flashTimer = setInterval(() => (document.title = (on = !on) ? text : original), 1000);
    stopFlashing.original = original;
  };
  const stopFlashing = () => {
    if (!flashTimer) return;
    clearInterval(flashTimer);
    flashTimer = undefined;
    document.title = stopFlashing.original;
  };

  const newCall = (id, kind) => ({
    id,
    kind,
    connected: false,
    // Fetched before each call (and each ICE restart), so short-lived TURN credentials are always fresh.
    configuration: connection.invoke("IceConfiguration"),
    peers: new Map(),
    queue: new Map(),
    early: [],
  });

  // The callee can answer, or decline, before the hub's reply has told the caller the call's id:
  // what arrives while the call is being placed waits for that reply, then runs in order.
  const onCall = (name, handle) => connection.on(name, (event) => {
    if (call?.placing) call.early.push(() => handle(event));
    else handle(event);
  });

  // ---- placing a call ----
  let answerConfirm = null;
  $("[data-call-confirm-ok]").addEventListener("click", () => answerConfirm?.(true));
  $("[data-call-confirm-cancel]").addEventListener("click", () => answerConfirm?.(false));
  // Chromium fires "close" at the next animation frame, which can come after the dialog was opened
  // again (Escape, then Enter at once): that late event must not answer the new question.
  ui.confirm.addEventListener("close", () => ui.confirm.open || answerConfirm?.(false));

  async function place(profile, kind) {
    if (call || ringing) return notify("You are already in a call.");
    $("[data-call-confirm-title]").replaceChildren(...sentence`Call ${named(profile)}?`);
    $("[data-call-confirm-kind]").textContent = kindWords[kind];
    answerConfirm?.(false);
    ui.confirm.showModal();
    let ours;
    const confirmed = await new Promise((resolve) => (answerConfirm = ours = resolve));
    // Asked again before this answer ran: the newer question owns the dialog now.
    if (answerConfirm !== ours) return;
    answerConfirm = null;
    if (ui.confirm.open) ui.confirm.close();
    if (!confirmed) return;

    call = newCall(null, kind);
    try {
      await media.start(kind);
    } catch {
      reset();
      return notify(noMedia);
    }
    $("[data-call-outgoing-name]").replaceChildren(...sentence`${named(profile)} · ${kindWords[kind]}`);
    $("[data-call-outgoing-status]").textContent = "Ringing…";
    ui.outgoing.showModal();
    const current = call;
    current.placing = true;
    let reply;
    try {
      reply = await connection.invoke("StartCall", profile.id, kind);
    } finally {
      current.placing = false;
    }
    // Cancelled while the server was still setting the call up: it rang for nothing, so end it.
    const cancelled = call !== current;
    if (!cancelled && reply.ok) {
      call.id = reply.callId;
      document.documentElement.dataset.call = "calling";
    }
    current.early.splice(0).forEach((handle) => handle());
    if (cancelled) return reply.ok && invoke("HangUp", reply.callId);
    if (!reply.ok) {
      $("[data-call-outgoing-status]").textContent = reply.error;
      media.stop();
      setTimeout(() => call?.id === null && reset(), 2500);
    }
  }

  const cancelOutgoing = async () => {
    const id = call?.id;
    reset();
    if (id) await invoke("HangUp", id);
  };
  $("[data-call-outgoing-cancel]").addEventListener("click", cancelOutgoing);
  // Escape does what Cancel does: closing the dialog alone would leave the call ringing unseen.
  ui.outgoing.addEventListener("cancel", (event) => {
    event.preventDefault();
    cancelOutgoing();
  });

  // ---- being called ----
  connection.on("incomingCall", ({ callId, caller, kind, others }) => {
    if (call || ringing) return;
    ringing = { id: callId, caller, kind };
    $("[data-call-incoming-name]").replaceChildren(...named(caller));
    $("[data-call-incoming-kind]").replaceChildren(
      ...(others.length === 0 ? [kindWords[kind]] : sentence`${kindWords[kind]} with ${names(others)}`),
    );
    $("[data-call-incoming-picture]").src = pictureUrl(caller);
    $("[data-call-incoming-picture]").alt = caller.fullName;
    ui.incoming.showModal();
    // focusVisible: the ring shows even when the person last used a mouse, since they may answer with a key.
    $("[data-call-incoming-accept]").focus({ focusVisible: true });
    announce(sentence`${named(caller)} is calling.`);
    ringtone.start();
    flashTitle(`📞 ${namedText(caller)} is calling`);
    closeNotification = notifyIncomingCall({ callId, caller, kind: kindWords[kind], icon: pictureUrl(caller), onClick: () => $("[data-call-incoming-accept]").focus() });
    document.documentElement.dataset.call = "ringing";
  });

  $("[data-call-incoming-accept]").addEventListener("click", async () => {
    if (!ringing) return;
    const { id, kind } = ringing;
    ringtone.stop();
    closeNotification();
    stopFlashing();
    ui.incoming.close();
    call = newCall(id, kind);
    try {
      await media.start(kind);
    } catch {
      await invoke("AnswerCall", id, false);
      reset();
      return notify(noMedia);
    }
    ringing = null;
    const reply = await invoke("AnswerCall", id, true);
    if (!reply.ok) reset();
  });

  const reject = async () => {
    if (!ringing) return;
    const { id } = ringing;
    reset();
    await invoke("AnswerCall", id, false);
  };
  $("[data-call-incoming-reject]").addEventListener("click", reject);
  ui.incoming.addEventListener("cancel", (event) => {
    event.preventDefault();
    reject();
  });

  connection.on("callAnsweredElsewhere", ({ callId }) => {
    if (ringing?.id === callId) reset();
  });

  // ---- the call ----
  const ours = (callId) => call && call.id === callId;

  async function connectTo(profile, polite) {
    const userId = profile.id;
    if (call.peers.has(userId)) return;
    const current = call;
    const entry = { profile, peer: null };
    current.peers.set(userId, entry);
    const tile = stage.add(profile);
    const configuration = await current.configuration;
    if (call !== current || current.peers.get(userId) !== entry) return;
    chat.join(userId, profile, () => entry.peer.pc);
    entry.peer = createPeer({
      polite,
      configuration,
      refreshConfiguration: () => connection.invoke("IceConfiguration"),
      stream: media.outgoing,
      send: (signal) => connection.invoke("Signal", current.id, userId, signal).catch((error) => console.error(error)),
      onTrack: (_track, stream) => tile.show(stream),
      onStateChange: (state) => {
        tile.element.dataset.connectionState = state;
        tile.setState({ connecting: "Connecting…", disconnected: "Reconnecting…", failed: "Reconnecting…" }[state] ?? "");
        if (state === "connected") showConnection(entry);
        else {
          entry.reading = null;
          tile.setQuality(null);
        }
        showStatus();
      },
      onChannel: (channel) => chat.channel(userId, channel),
    });
    (current.queue.get(userId) ?? []).forEach((signal) => entry.peer.receive(signal));
    current.queue.delete(userId);
  }

  /**
   * Marks a tile "Relayed" while its media goes through a TURN server, and shows the connection's
   * quality since the reading before, as the browser's own stats say.
   */
  async function showConnection(entry) {
    const pc = entry.peer?.pc;
    if (pc?.connectionState !== "connected") return;
    const reading = await readStats(pc);
    const tile = stage.get(entry.profile.id);
    tile?.setRelayed(reading.relayed);
    const since = entry.reading && quality(entry.reading, reading);
    if (since) tile?.setQuality(since);
    if (!entry.reading || since) entry.reading = reading;
  }

  function disconnectFrom(userId) {
    call.peers.get(userId)?.peer?.close();
    call.peers.delete(userId);
    call.queue.delete(userId);
    chat.leave(userId);
    stage.remove(userId);
    showStatus();
  }

  function showStatus() {
    const connected = [...call.peers.values()].filter((p) => p.peer?.pc.connectionState === "connected");
    ui.status.replaceChildren(
      ...(call.peers.size === 0 ? ["Waiting for others…"]
      : connected.length === 0 ? ["Connecting…"]
      : sentence`In a call with ${names(connected.map((p) => p.profile))}`),
    );
  }

  // ---- a meeting's call: entered, not rung ----
  async function joinMeeting(meetingId) {
    if (call || ringing) return notify("You are already in a call.");
    call = { ...newCall(null, "video"), meeting: meetingId };
    try {
      await media.start("video");
    } catch {
      reset();
      return notify(noMedia);
    }
    const reply = await invoke("JoinMeeting", meetingId);
    if (!reply.ok) return reset();
    call.id ??= reply.callId;
    if (!call.connected) showCallScreen();
  }

  connection.on("callConnected", ({ callId, peers }) => {
    // Entering a meeting's call: the room answers with everyone there before the hub replies with its id.
    if (call?.meeting && call.id === null) call.id = callId;
    if (!ours(callId)) return;
    showCallScreen();
    peers.forEach(({ profile, polite }) => connectTo(profile, polite));
  });

  onCall("participantJoined", ({ callId, peer }) => {
    if (!ours(callId)) return;
    if (!call.connected) showCallScreen();
    connectTo(peer.profile, peer.polite);
  });

  onCall("participantLeft", ({ callId, userId }) => {
    if (!ours(callId) || !call.peers.has(userId)) return;
    const { profile } = call.peers.get(userId);
    disconnectFrom(userId);
    notify(sentence`${named(profile)} left the call.`);
  });

  onCall("participantInvited", ({ callId, invitee }) => {
    if (ours(callId) && call.connected && !call.peers.has(invitee.id)) stage.ringing(invitee);
  });

  onCall("invitationClosed", ({ callId, userId, outcome }) => {
    const tile = ours(callId) && stage.get(userId);
    if (!tile?.ringing) return;
    stage.remove(userId);
    notify(outcome === "rejected" ? sentence`${named(tile.profile)} declined.` : sentence`${named(tile.profile)} did not answer.`);
  });

  onCall("signal", ({ callId, from, signal }) => {
    if (!ours(callId)) return;
    const entry = call.peers.get(from);
    if (entry?.peer) entry.peer.receive(signal);
    else call.queue.set(from, [...(call.queue.get(from) ?? []), signal]);
  });

  onCall("callEnded", ({ callId, outcome, reason }) => {
    if (call?.id !== callId && ringing?.id !== callId) return;
    const wasRinging = ringing?.id === callId;
    const endedBeforeAnswer = call?.id === callId && !call.connected;
    reset();
    if (wasRinging && outcome === "missed") notify("Missed call.");
    else if (endedBeforeAnswer) notify({ noAnswer: "No answer.", rejected: "Call rejected.", busy: "Busy." }[reason] ?? "Call ended.");
    else if (!wasRinging) notify("Call ended.");
  });

  connection.onreconnected(async () => {
    if (call?.id) await invoke("Rejoin", call.id);
  });

  function showCallScreen() {
    if (ui.outgoing.open) ui.outgoing.close();
    call.connected = true;
    const video = call.kind === "video";
    ui.view.hidden = false;
    ui.view.dataset.kind = call.kind;
    ui.local.srcObject = media.outgoing;
    ui.camera.hidden = ui.cameraSelect.hidden = !video;
    ui.share.hidden = !navigator.mediaDevices.getDisplayMedia;
    label(ui.mute, "Mute");
    label(ui.camera, "Camera off");
    label(ui.share, "Share screen");
    showStatus();
    document.documentElement.dataset.call = "connected";
    ui.view.querySelector("[data-call-hangup]").focus();
    stage.layout();
    listDevices();
  }

  ui.view.querySelector("[data-call-hangup]").addEventListener("click", async () => {
    const id = call?.id;
    reset();
    if (id) await invoke("HangUp", id);
  });

  ui.mute.addEventListener("click", () => {
    const muted = ui.mute.textContent === "Mute";
    media.setMuted(muted);
    label(ui.mute, muted ? "Unmute" : "Mute");
  });

  ui.camera.addEventListener("click", () => {
    const off = ui.camera.textContent === "Camera off";
    media.setCameraOff(off);
    label(ui.camera, off ? "Camera on" : "Camera off");
  });

  async function stopSharing() {
    if (!media.sharing) return;
    await media.stopSharing(pcs());
    label(ui.share, "Share screen");
    ui.view.dataset.sharing = "false";
    chat.setSharing(false);
  }

  ui.share.addEventListener("click", async () => {
    if (!call?.connected) return;
    if (media.sharing) return stopSharing();
    try {
      await media.shareScreen(pcs(), stopSharing);
    } catch {
      return notify("Screen sharing did not start.");
    }
    label(ui.share, "Stop sharing");
    ui.view.dataset.sharing = "true";
    chat.setSharing(true);
  });

  ui.add.addEventListener("click", () => {
    if (call?.connected) invite.open(() => new Set([...call.peers.keys(), ...stage.ringingIds()]));
  });

  async function listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const fill = (select, kind, current) => {
      select.replaceChildren(
        ...devices
          .filter((d) => d.kind === kind)
          .map((d, i) => new Option(d.label || `${kind === "videoinput" ? "Camera" : "Microphone"} ${i + 1}`, d.deviceId, false, d.deviceId === current)),
      );
    };
    fill(ui.cameraSelect, "videoinput", media.currentDevice("video"));
    fill(ui.microphoneSelect, "audioinput", media.currentDevice("audio"));
  }

  const switchDevice = async (kind, deviceId) => {
    if (!call?.connected) return;
    try {
      await media.switchDevice(kind, deviceId, pcs());
    } catch {
      notify(kind === "video" ? "That camera cannot be used." : "That microphone cannot be used.");
    }
  };
  ui.cameraSelect.addEventListener("change", () => switchDevice("video", ui.cameraSelect.value));
  ui.microphoneSelect.addEventListener("change", () => switchDevice("audio", ui.microphoneSelect.value));

  reset();
  return { place, joinMeeting };
}
