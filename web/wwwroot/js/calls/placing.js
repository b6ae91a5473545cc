// Placing a call: "Call Ada?", then the outgoing dialog while it rings, until the room connects it,
// ends it, or the caller cancels.
import { named } from "../shell/people.js";
import { sentence } from "../shell/isolate.js";
import { kindWords, noMedia } from "./words.js";

const $ = (selector) => document.querySelector(selector);

export function createPlacing({ state, connection, media, invoke, reset, notify, prepareCall }) {
  const confirm = $("[data-call-confirm]");
  const outgoing = $("[data-call-outgoing]");
  const status = $("[data-call-outgoing-status]");

  let answerConfirm = null;
  $("[data-call-confirm-ok]").addEventListener("click", () => answerConfirm?.(true));
  $("[data-call-confirm-cancel]").addEventListener("click", () => answerConfirm?.(false));
  // Chromium fires "close" at the next animation frame, which can come after the dialog was opened
  // again (Escape, then Enter at once): that late event must not answer the new question.
  confirm.addEventListener("close", () => confirm.open || answerConfirm?.(false));

  async function confirmed(profile, kind) {
    $("[data-call-confirm-title]").replaceChildren(...sentence`Call ${named(profile)}?`);
    $("[data-call-confirm-kind]").textContent = kindWords[kind];
    answerConfirm?.(false);
    confirm.showModal();
    let ours;
    const yes = await new Promise((resolve) => (answerConfirm = ours = resolve));
    // Asked again before this answer ran: the newer question owns the dialog now.
    if (answerConfirm !== ours) return false;
    answerConfirm = null;
    if (confirm.open) confirm.close();
    return yes;
  }

  async function place(profile, kind) {
    if (state.busy) return notify("You are already in a call.");
    if (!(await confirmed(profile, kind))) return;

    const current = state.begin(null, kind, connection.invoke("IceConfiguration"));
    try {
      await media.start(kind);
    } catch {
      reset();
      return notify(noMedia);
    }
    $("[data-call-outgoing-name]").replaceChildren(...sentence`${named(profile)} · ${kindWords[kind]}`);
    status.textContent = "Ringing…";
    outgoing.showModal();
    prepareCall(kind);
    // The callee can answer, or decline, before the hub's reply has told the caller the call's id:
    // what arrives meanwhile waits in current.early, and runs in order once the reply is here.
    current.placing = true;
    let reply;
    try {
      reply = await connection.invoke("StartCall", profile.id, kind);
    } finally {
      current.placing = false;
    }
    // Cancelled while the server was still setting the call up: it rang for nothing, so end it.
    const cancelled = state.call !== current;
    if (!cancelled && reply.ok) {
      current.id = reply.callId;
      document.documentElement.dataset.call = "calling";
    }
    current.early.splice(0).forEach((handle) => handle());
    if (cancelled) return reply.ok && invoke("HangUp", reply.callId);
    if (!reply.ok) {
      status.textContent = reply.error;
      media.stop();
      setTimeout(() => state.call?.id === null && reset(), 2500);
    }
  }

  const cancel = async () => {
    const id = state.call?.id;
    reset();
    if (id) await invoke("HangUp", id);
  };
  $("[data-call-outgoing-cancel]").addEventListener("click", cancel);
  // Escape does what Cancel does: closing the dialog alone would leave the call ringing unseen.
  outgoing.addEventListener("cancel", (event) => {
    event.preventDefault();
    cancel();
  });

  return {
    place,
    /** The room connected the call: the outgoing dialog gives way to the call screen. */
    connected: () => outgoing.open && outgoing.close(),
    close: () => [confirm, outgoing].forEach((dialog) => dialog.open && dialog.close()),
  };
}
