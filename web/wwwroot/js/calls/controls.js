// The call screen and its controls: hang up, mute, noise suppression, camera, screen sharing, adding
// someone, and the camera and microphone pickers.
import { label } from "../shell/people.js";
import { whenSpeaking } from "./speech.js";
import { wantSuppression } from "./noise-suppression.js";
import { tell } from "../shell/signaling.js";

const $ = (selector) => document.querySelector(selector);

export function createControls({ state, connection, media, mesh, chat, invite, stage, hangUp, notify }) {
  const ui = {
    view: $("[data-call-view]"),
    local: $("[data-call-local]"),
    hangUp: $("[data-call-hangup]"),
    mute: $("[data-call-mute]"),
    noise: $("[data-call-noise]"),
    camera: $("[data-call-camera]"),
    share: $("[data-call-share]"),
    add: $("[data-call-add]"),
    cameraSelect: $("[data-call-camera-select]"),
    microphoneSelect: $("[data-call-microphone-select]"),
  };

  function show() {
    const call = state.call;
    call.connected = true;
    const video = call.kind === "video";
    ui.view.hidden = false;
    ui.view.dataset.kind = call.kind;
    ui.local.srcObject = media.outgoing;
    ui.camera.hidden = ui.cameraSelect.hidden = !video;
    ui.share.hidden = !navigator.mediaDevices.getDisplayMedia;
    label(ui.mute, "Mute");
    ui.noise.hidden = media.suppressing === null;
    ui.noise.setAttribute("aria-pressed", String(!!media.suppressing));
    label(ui.camera, "Camera off");
    label(ui.share, "Share screen");
    mesh.showStatus();
    document.documentElement.dataset.call = "connected";
    ui.hangUp.focus();
    stage.layout();
    listDevices();
  }

  ui.hangUp.addEventListener("click", hangUp);

  // Someone muted who starts talking is told, once per mute: the microphone is heard through a copy
  // of its track, which muting (disabling the one sent) leaves on.
  let stopHearingMuted = null;
  function hearWhileMuted(muted) {
    stopHearingMuted?.();
    stopHearingMuted = null;
    const microphone = muted && media.outgoing?.getAudioTracks()[0]?.clone();
    if (!microphone) return;
    microphone.enabled = true; // a copy starts as its original is, muted
    const stop = whenSpeaking(microphone, () => {
      notify("You are muted.");
      hearWhileMuted(false);
    });
    stopHearingMuted = () => {
      stop();
      microphone.stop();
    };
  }

  ui.mute.addEventListener("click", () => {
    const muted = ui.mute.textContent === "Mute";
    media.setMuted(muted);
    label(ui.mute, muted ? "Unmute" : "Mute");
    hearWhileMuted(muted);
  });

  // The choice holds for this browser's next calls too, as Settings' switch does.
  ui.noise.addEventListener("click", () => {
    const on = ui.noise.getAttribute("aria-pressed") !== "true";
    media.suppressNoise(on, mesh.connections());
    wantSuppression(on);
    ui.noise.setAttribute("aria-pressed", String(on));
  });

  ui.camera.addEventListener("click", () => {
    const off = ui.camera.textContent === "Camera off";
    media.setCameraOff(off);
    label(ui.camera, off ? "Camera on" : "Camera off");
  });

  // Peers hear it over the data channels; the room, so that past the video limit a screen still
  // reaches everyone through the media server.
  function tellSharing(sharing) {
    ui.view.dataset.sharing = String(sharing);
    chat.setSharing(sharing);
    tell(connection, "ShareScreen", state.call.id, sharing);
  }

  async function stopSharing() {
    if (!media.sharing) return;
    await media.stopSharing(mesh.connections());
    label(ui.share, "Share screen");
    tellSharing(false);
  }

  ui.share.addEventListener("click", async () => {
    if (!state.call?.connected) return;
    if (media.sharing) return stopSharing();
    try {
      await media.shareScreen(mesh.connections(), stopSharing);
    } catch {
      return notify("Screen sharing did not start.");
    }
    label(ui.share, "Stop sharing");
    tellSharing(true);
  });

  ui.add.addEventListener("click", () => {
    if (state.call?.connected) invite.open(mesh.taken);
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
    if (!state.call?.connected) return;
    try {
      await media.switchDevice(kind, deviceId, mesh.connections());
    } catch {
      notify(kind === "video" ? "That camera cannot be used." : "That microphone cannot be used.");
    }
  };
  ui.cameraSelect.addEventListener("change", () => switchDevice("video", ui.cameraSelect.value));
  ui.microphoneSelect.addEventListener("change", () => switchDevice("audio", ui.microphoneSelect.value));

  return {
    show,
    /**
     * Styles and lays out the hidden call screen once, while a call rings here or is being placed, so
     * that Accept finds that work done: a page's first showing of the screen recalculated 95 elements'
     * style in 71-97 ms beside a call starting, later showings 5-14 ms (BENCHMARKS.md, call setup).
     * Shown and hidden again within one task, so nothing of it is ever painted.
     */
    prepare(kind) {
      if (!ui.view.hidden) return;
      ui.view.dataset.kind = kind;
      ui.view.hidden = false;
      ui.view.getBoundingClientRect();
      ui.view.hidden = true;
    },
    /** Back to no call: the screen hides and lets go of the local preview. */
    hide() {
      hearWhileMuted(false);
      ui.view.hidden = true;
      ui.local.srcObject = null;
    },
  };
}
