// A 1:1 call from the person's side: confirm, ring, answer, the call screen and its controls.
// The server's call room decides everything (who rings, roles, when it ends); this module shows
// it and moves media. Signals for a call that arrive before its peer exists wait in a queue.
import { createPeer } from "./peer.js";
import { createRingtone } from "./ringtone.js";
import { pictureUrl } from "./people.js";

const $ = (selector) => document.querySelector(selector);
const kindWords = { video: "Video call", voice: "Voice call" };

export function setUpCalls(connection, { notify }) {
  const ringtone = createRingtone();
  const ui = {
    confirm: $("[data-call-confirm]"),
    outgoing: $("[data-call-outgoing]"),
    incoming: $("[data-call-incoming]"),
    view: $("[data-call-view]"),
    remote: $("[data-call-remote]"),
    remotePicture: $("[data-call-remote-picture]"),
    local: $("[data-call-local]"),
    status: $("[data-call-status]"),
    mute: $("[data-call-mute]"),
    camera: $("[data-call-camera]"),
    cameraSelect: $("[data-call-camera-select]"),
    microphoneSelect: $("[data-call-microphone-select]"),
  };
  let call = null; // { id, kind, peerProfile, media, peer, queue }
  let ringing = null; // { id, caller, kind }
  let flashTimer;

  const invoke = async (method, ...args) => {
    const reply = await connection.invoke(method, ...args);
    if (!reply.ok && reply.error) notify(reply.error);
    return reply;
  };

  const getMedia = (kind) => navigator.mediaDevices.getUserMedia({ audio: true, video: kind === "video" });

  const stopMedia = () => call?.media?.getTracks().forEach((track) => track.stop());

  const reset = () => {
    ringtone.stop();
    stopFlashing();
    stopMedia();
    call?.peer?.close();
    call = null;
    ringing = null;
    [ui.confirm, ui.outgoing, ui.incoming].forEach((dialog) => dialog.open && dialog.close());
    ui.view.hidden = true;
    ui.remote.srcObject = null;
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

  // ---- placing a call ----
  async function place(profile, kind) {
    if (call || ringing) return notify("You are already in a call.");
    $("[data-call-confirm-title]").textContent = `Call ${profile.fullName}?`;
    $("[data-call-confirm-kind]").textContent = kindWords[kind];
    ui.confirm.showModal();
    const confirmed = await new Promise((resolve) => {
      $("[data-call-confirm-ok]").onclick = () => resolve(true);
      $("[data-call-confirm-cancel]").onclick = () => resolve(false);
      ui.confirm.onclose = () => resolve(false);
    });
    ui.confirm.onclose = null;
    if (ui.confirm.open) ui.confirm.close();
    if (!confirmed) return;

    call = { id: null, kind, peerProfile: profile, queue: [] };
    try {
      call.media = await getMedia(kind);
    } catch {
      reset();
      return notify("Viv cannot use your camera or microphone. Allow them in the browser and try again.");
    }
    $("[data-call-outgoing-name]").textContent = `${profile.fullName} · ${kindWords[kind]}`;
    $("[data-call-outgoing-status]").textContent = "Ringing…";
    ui.outgoing.showModal();
    const reply = await connection.invoke("StartCall", profile.id, kind);
    if (!reply.ok) {
      $("[data-call-outgoing-status]").textContent = reply.error;
      stopMedia();
      setTimeout(() => call?.id === null && reset(), 2500);
      return;
    }
    call.id = reply.callId;
    document.documentElement.dataset.call = "calling";
  }

  $("[data-call-outgoing-cancel]").addEventListener("click", async () => {
    if (call?.id) await invoke("HangUp", call.id);
    reset();
  });
  ui.outgoing.addEventListener("cancel", (event) => event.preventDefault());

  // ---- being called ----
  connection.on("incomingCall", ({ callId, caller, kind }) => {
    if (call || ringing) return;
    ringing = { id: callId, caller, kind };
    $("[data-call-incoming-name]").textContent = caller.fullName;
    $("[data-call-incoming-kind]").textContent = kindWords[kind];
    $("[data-call-incoming-picture]").src = pictureUrl(caller);
    $("[data-call-incoming-picture]").alt = caller.fullName;
    ui.incoming.showModal();
    $("[data-call-incoming-accept]").focus();
    ringtone.start();
    flashTitle(`📞 ${caller.fullName} is calling`);
    document.documentElement.dataset.call = "ringing";
  });

  $("[data-call-incoming-accept]").addEventListener("click", async () => {
    if (!ringing) return;
    const { id, caller, kind } = ringing;
    ringtone.stop();
    stopFlashing();
    ui.incoming.close();
    call = { id, kind, peerProfile: caller, queue: [] };
    try {
      call.media = await getMedia(kind);
    } catch {
      await invoke("AnswerCall", id, false);
      reset();
      return notify("Viv cannot use your camera or microphone. Allow them in the browser and try again.");
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
  connection.on("callConnected", async ({ callId, peer: profile, kind, polite }) => {
    if (call?.id !== callId) return;
    if (ui.outgoing.open) ui.outgoing.close();
    const iceServers = await connection.invoke("IceServers");
    call.peer = createPeer({
      polite,
      iceServers,
      stream: call.media,
      send: (signal) => connection.invoke("Signal", callId, signal).catch((error) => console.error(error)),
      onTrack: (_track, stream) => {
        if (ui.remote.srcObject !== stream) ui.remote.srcObject = stream;
      },
      onStateChange: (state) => {
        ui.view.dataset.connectionState = state;
        ui.status.textContent = { connecting: "Connecting…", connected: `In a call with ${profile.fullName}`, disconnected: "Reconnecting…", failed: "Reconnecting…" }[state] ?? "";
      },
    });
    call.queue.splice(0).forEach((signal) => call.peer.receive(signal));
    showCallScreen(profile, kind);
  });

  connection.on("signal", ({ callId, signal }) => {
    if (call?.id !== callId) return;
    if (call.peer) call.peer.receive(signal);
    else call.queue.push(signal);
  });

  connection.on("callEnded", ({ callId, outcome, reason }) => {
    if (call?.id !== callId && ringing?.id !== callId) return;
    const wasRinging = ringing?.id === callId;
    const endedBeforeAnswer = call?.id === callId && !call.peer;
    reset();
    if (wasRinging && outcome === "missed") notify("Missed call.");
    else if (endedBeforeAnswer) notify({ "no answer": "No answer.", rejected: "Call rejected.", busy: "Busy." }[reason] ?? "Call ended.");
    else if (!wasRinging) notify("Call ended.");
  });

  connection.onreconnected(async () => {
    if (call?.id) await invoke("Rejoin", call.id);
  });

  function showCallScreen(profile, kind) {
    ui.view.hidden = false;
    ui.remote.setAttribute("aria-label", profile.fullName);
    ui.remotePicture.hidden = kind === "video";
    ui.remotePicture.src = pictureUrl(profile);
    ui.remotePicture.alt = profile.fullName;
    ui.local.srcObject = call.media;
    ui.local.hidden = kind !== "video";
    ui.camera.hidden = ui.cameraSelect.hidden = kind !== "video";
    ui.mute.textContent = "Mute";
    ui.camera.textContent = "Camera off";
    document.documentElement.dataset.call = "connected";
    ui.view.querySelector("[data-call-hangup]").focus();
    listDevices();
  }

  ui.view.querySelector("[data-call-hangup]").addEventListener("click", async () => {
    const id = call?.id;
    reset();
    if (id) await invoke("HangUp", id);
  });

  ui.mute.addEventListener("click", () => {
    const tracks = call?.media?.getAudioTracks() ?? [];
    const muted = ui.mute.textContent === "Mute";
    tracks.forEach((track) => (track.enabled = !muted));
    ui.mute.textContent = muted ? "Unmute" : "Mute";
  });

  ui.camera.addEventListener("click", () => {
    const tracks = call?.media?.getVideoTracks() ?? [];
    const off = ui.camera.textContent === "Camera off";
    tracks.forEach((track) => (track.enabled = !off));
    ui.camera.textContent = off ? "Camera on" : "Camera off";
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
    fill(ui.cameraSelect, "videoinput", call?.media?.getVideoTracks()[0]?.getSettings().deviceId);
    fill(ui.microphoneSelect, "audioinput", call?.media?.getAudioTracks()[0]?.getSettings().deviceId);
  }

  // Switching devices swaps the track on the existing sender: no renegotiation.
  async function switchDevice(kind, deviceId) {
    if (!call?.peer) return;
    const constraints = kind === "video" ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } };
    const fresh = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
    const old = kind === "video" ? call.media.getVideoTracks()[0] : call.media.getAudioTracks()[0];
    fresh.enabled = old?.enabled ?? true;
    const sender = call.peer.pc.getSenders().find((s) => s.track?.kind === fresh.kind);
    await sender?.replaceTrack(fresh);
    if (old) {
      call.media.removeTrack(old);
      old.stop();
    }
    call.media.addTrack(fresh);
  }
  ui.cameraSelect.addEventListener("change", () => switchDevice("video", ui.cameraSelect.value));
  ui.microphoneSelect.addEventListener("change", () => switchDevice("audio", ui.microphoneSelect.value));

  reset();
  return { place };
}
