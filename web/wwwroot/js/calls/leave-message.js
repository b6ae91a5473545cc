// Leaving a message after a call I placed that nobody answered (or that could not ring): the server
// offers it to the tab that called (videoMessageOffered), which may arrive just before or just after
// the call's end, so the offer shows once this tab has no call. Recording: a countdown, then
// MediaRecorder for up to 60 s, a preview, then Send or Discard. The recording is posted as its own
// media type; the server reads what it is from its bytes.
import { sentence } from "../shell/isolate.js";
import { named } from "../shell/people.js";

const $ = (selector) => document.querySelector(selector);
const longest = 60_000;
const countdownFrom = 3;

const recorderTypes = {
  video: ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"],
  voice: ["audio/webm;codecs=opus", "audio/webm", "audio/mp4"],
};

const clock = (ms) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;

export function createLeaveMessage({ connection, state, notify }) {
  const dialog = $("[data-message-offer]");
  const preview = $("[data-message-preview]");
  const status = $("[data-message-status]");
  const buttons = {
    record: $("[data-message-record]"),
    stop: $("[data-message-stop]"),
    send: $("[data-message-send]"),
    discard: $("[data-message-discard]"),
    close: $("[data-message-close]"),
  };
  let offer = null; // { offerId, recipient, kind, expiresAt }
  let expiry = null;
  let stream = null;
  let recorder = null;
  let recording = null; // Blob
  let stopTimer = null;

  const show = (...visible) => {
    for (const [name, button] of Object.entries(buttons)) button.hidden = !visible.includes(name);
  };

  const release = () => {
    clearTimeout(stopTimer);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.removeAttribute("src");
    preview.srcObject = null;
    preview.hidden = true;
    preview.controls = false;
  };

  const close = () => {
    if (recorder?.state === "recording") recorder.onstop = null;
    recorder?.state === "recording" && recorder.stop();
    recorder = null;
    recording = null;
    release();
    clearTimeout(expiry);
    offer = null;
    if (dialog.open) dialog.close();
  };

  /** Offers the message once this tab has no call: the end of the call may come after the offer. */
  const present = () => {
    if (!offer || state.call || state.ringing || dialog.open) return;
    const voice = offer.kind === "voice";
    $("[data-message-offer-title]").textContent = "No answer";
    $("[data-message-offer-text]").replaceChildren(...sentence`${named(offer.recipient)} did not answer. You can leave them a ${voice ? "voice" : "video"} message of up to a minute.`);
    $("[data-message-record-label]").textContent = voice ? "Leave a voice message" : "Leave a video message";
    $("[data-message-record-icon]").className = `icon ${voice ? "icon-mic" : "icon-videocam"}`;
    status.textContent = "";
    show("close", "record");
    dialog.showModal();
    buttons.record.focus();
  };

  connection.on("videoMessageOffered", (offered) => {
    close();
    offer = offered;
    expiry = setTimeout(() => {
      if (!recording && recorder?.state !== "recording") close();
    }, Math.max(0, Date.parse(offered.expiresAt) - Date.now()));
    present();
  });

  const pickType = (kind) => recorderTypes[kind].find((type) => MediaRecorder.isTypeSupported(type)) ?? "";

  buttons.record.addEventListener("click", async () => {
    const voice = offer.kind === "voice";
    try {
      stream = await navigator.mediaDevices.getUserMedia(voice ? { audio: true } : { audio: true, video: true });
    } catch {
      status.textContent = voice ? "Viv cannot use your microphone." : "Viv cannot use your camera and microphone.";
      return;
    }
    if (!voice) {
      preview.srcObject = stream;
      preview.muted = true;
      preview.hidden = false;
      await preview.play().catch(() => {});
    }
    show("close");
    for (let left = countdownFrom; left > 0; left--) {
      status.textContent = `Recording in ${left}…`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!stream) return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream, { mimeType: pickType(offer.kind) });
    recorder.ondataavailable = ({ data }) => data.size > 0 && chunks.push(data);
    recorder.onstop = () => {
      recording = new Blob(chunks, { type: recorder.mimeType });
      recorder = null;
      release();
      preview.src = URL.createObjectURL(recording);
      preview.muted = false;
      preview.controls = true;
      preview.hidden = false;
      status.textContent = "Listen to it, then send it or discard it.";
      show("discard", "send");
      buttons.send.focus();
    };
    const started = Date.now();
    recorder.start(1000);
    show("stop");
    buttons.stop.focus();
    const tick = () => {
      if (recorder?.state !== "recording") return;
      status.textContent = `Recording ${clock(Date.now() - started)} of ${clock(longest)}`;
      setTimeout(tick, 500);
    };
    tick();
    stopTimer = setTimeout(() => recorder?.state === "recording" && recorder.stop(), longest);
  });

  buttons.stop.addEventListener("click", () => recorder?.state === "recording" && recorder.stop());

  buttons.send.addEventListener("click", async () => {
    buttons.send.disabled = true;
    try {
      const response = await fetch(`/video-messages?offer=${offer.offerId}`, { method: "POST", headers: { "Content-Type": recording.type }, body: recording });
      if (!response.ok) {
        status.textContent = (await response.json().catch(() => null))?.detail ?? "The message could not be sent. Try again.";
        return;
      }
      notify(sentence`Your message to ${named(offer.recipient)} was sent.`);
      close();
    } catch {
      status.textContent = "The message could not be sent. Try again.";
    } finally {
      buttons.send.disabled = false;
    }
  });

  buttons.discard.addEventListener("click", close);
  buttons.close.addEventListener("click", close);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });

  return {
    /** The call screen closed: a pending offer shows now. */
    present,
  };
}
