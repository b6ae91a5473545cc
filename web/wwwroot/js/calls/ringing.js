// Being called: the ringing dialog, the ringtone, a flashing tab title and, when the tab is hidden,
// a system notification, until the person answers, declines, or the ringing stops elsewhere. A page
// that opens while a call rings (from the notification of a push, with ?answer= when its Accept was
// pressed) asks what rings and rings too.
import { pictureUrl, named, namedText } from "../shell/people.js";
import { sentence } from "../shell/isolate.js";
import { createRingtone } from "./ringtone.js";
import { notifyIncomingCall } from "./notification.js";
import { kindWords, noMedia, names } from "./words.js";

const $ = (selector) => document.querySelector(selector);

export function createRinging({ state, connection, media, invoke, reset, notify, announce, prepareCall }) {
  const dialog = $("[data-call-incoming]");
  const accept = $("[data-call-incoming-accept]");
  const ringtone = createRingtone();
  let flashing = null; // { timer, original }
  let closeNotification = () => {};

  const flashTitle = (text) => {
    const original = document.title;
    let on = false;
    flashing = { original, timer: setInterval(() => (document.title = (on = !on) ? text : original), 1000) };
  };

  /** Everything that says "someone is calling" goes quiet. */
  const quiet = () => {
    ringtone.stop();
    closeNotification();
    if (flashing) {
      clearInterval(flashing.timer);
      document.title = flashing.original;
      flashing = null;
    }
  };

  const ring = ({ callId, caller, kind, others }) => {
    if (state.busy) return;
    state.ring({ id: callId, caller, kind });
    $("[data-call-incoming-name]").replaceChildren(...named(caller));
    $("[data-call-incoming-kind]").replaceChildren(
      ...(others.length === 0 ? [kindWords[kind]] : sentence`${kindWords[kind]} with ${names(others)}`),
    );
    $("[data-call-incoming-picture]").src = pictureUrl(caller);
    $("[data-call-incoming-picture]").alt = caller.fullName;
    dialog.showModal();
    // focusVisible: the ring shows even when the person last used a mouse, since they may answer with a key.
    accept.focus({ focusVisible: true });
    announce(sentence`${named(caller)} is calling.`);
    ringtone.start();
    prepareCall(kind);
    flashTitle(`📞 ${namedText(caller)} is calling`);
    closeNotification = notifyIncomingCall({ callId, caller, kind: kindWords[kind], icon: pictureUrl(caller), onClick: () => accept.focus() });
    document.documentElement.dataset.call = "ringing";
  };
  connection.on("incomingCall", ring);

  /** Answers a call that rings here, as the notification's Accept asked; one that stopped ringing is said to be over. */
  const answer = (callId) => {
    if (state.ringing?.id === callId) accept.click();
    else if (!state.call) notify("This call has ended.");
  };
  navigator.serviceWorker?.addEventListener("message", ({ data }) => {
    if (data?.type === "answerCall") answer(data.callId);
  });

  accept.addEventListener("click", async () => {
    if (!state.ringing) return;
    const { id, kind } = state.ringing;
    quiet();
    dialog.close();
    state.begin(id, kind, connection.invoke("IceConfiguration"));
    try {
      await media.start(kind);
    } catch {
      await invoke("AnswerCall", id, false);
      reset();
      return notify(noMedia);
    }
    state.stopRinging();
    const reply = await invoke("AnswerCall", id, true);
    if (!reply.ok) reset();
  });

  const decline = async () => {
    if (!state.ringing) return;
    const { id } = state.ringing;
    reset();
    await invoke("AnswerCall", id, false);
  };
  $("[data-call-incoming-reject]").addEventListener("click", decline);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    decline();
  });

  connection.on("callAnsweredElsewhere", ({ callId }) => {
    if (state.ringing?.id === callId) reset();
  });

  return {
    /** Rings for whatever rings now; then answers the call named in the address, if any (once). */
    async load() {
      (await connection.invoke("RingingCalls")).forEach(ring);
      const address = new URL(location.href);
      const answering = address.searchParams.get("answer");
      if (!answering) return;
      address.searchParams.delete("answer");
      history.replaceState(history.state, "", address);
      answer(answering);
    },
    /** The call is over or answered: no more ringing, and the dialog closes. */
    stop: () => {
      quiet();
      if (dialog.open) dialog.close();
    },
  };
}
