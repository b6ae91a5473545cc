// The call's chat panel: messages, files and pictures, straight from browser to browser over each
// pair's data channels. Who sent something is known from the connection it came on, never from
// what the message claims. Someone who joins late sees what is said from then on. The panel and its
// log are chat-log.js.
import { sendFile, receiveFile, maxFileBytes, shownName } from "./transfer.js";
import { isolate, sentence } from "../shell/isolate.js";
import { createChatLog } from "./chat-log.js";

const $ = (selector) => document.querySelector(selector);
const maxMessageLength = 4000;
const nobody = "Nobody is connected yet to send to.";

export function createChat({ notify, onScreen, onGesture }) {
  const ui = {
    form: $("[data-chat-form]"),
    message: $("[data-chat-message]"),
    file: $("[data-chat-file]"),
  };
  const log = createChatLog();
  const members = new Map(); // userId → { profile, pc: () => RTCPeerConnection, chat, transfers: Set<cancel> }
  const outgoing = new Set(); // cancel functions of files being sent
  // What this tab says of itself that someone connecting later must hear too (a shared screen, a raised hand), by type.
  const standing = new Map();

  const open = () => [...members.values()].filter((m) => m.chat?.readyState === "open");

  function sendOne(file) {
    const name = shownName(file.name);
    if (file.size > maxFileBytes) return notify(sentence`${name} is larger than 2 GB.`);
    const recipients = open();
    if (recipients.length === 0) return notify(nobody);
    const view = log.sending(name, file);
    const sent = new Array(recipients.length).fill(0);
    const transfers = recipients.map((member, i) => {
      const transfer = sendFile(member.pc(), file, (bytes) => {
        sent[i] = bytes;
        view.progress.value = sent.reduce((a, b) => a + b, 0) / recipients.length;
      });
      member.transfers.add(transfer.cancel);
      transfer.done.finally(() => member.transfers.delete(transfer.cancel));
      return transfer;
    });
    const cancelAll = () => transfers.forEach((t) => t.cancel());
    outgoing.add(cancelAll);
    view.cancel.addEventListener("click", cancelAll);
    Promise.all(transfers.map((t) => t.done)).then((results) => {
      outgoing.delete(cancelAll);
      const delivered = results.filter((r) => r === "sent").length;
      view.settle(delivered === results.length ? "Sent"
        : delivered > 0 ? `Sent to ${delivered} of ${results.length}`
        : results.includes("unreadable") ? "Could not be read" : "Cancelled");
    });
  }

  ui.file.addEventListener("change", () => {
    [...ui.file.files].forEach(sendOne);
    ui.file.value = "";
  });

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = ui.message.value.trim();
    if (!words) return;
    if (open().length === 0) return notify(nobody);
    broadcast({ type: "chat", text: words });
    log.message(null, isolate(words));
    ui.message.value = "";
  });

  function broadcast(message) {
    const data = JSON.stringify(message);
    open().forEach((m) => m.chat.send(data));
  }

  function received(userId, data) {
    const member = members.get(userId);
    let message;
    try {
      message = typeof data === "string" && data.length <= 4 * maxMessageLength ? JSON.parse(data) : null;
    } catch {
      message = null;
    }
    if (message?.type === "chat" && typeof message.text === "string" && message.text.trim() && message.text.length <= maxMessageLength) {
      log.message(member.profile, isolate(message.text.trim()));
    } else if (message?.type === "screen" && typeof message.sharing === "boolean") {
      onScreen(userId, message.sharing);
    } else if (!onGesture(userId, message)) {
      console.warn(`chat message from @${member.profile.username} dropped: not one Viv sends`);
    }
  }

  return {
    /** A participant's connection is being made (<c>pc</c> gives it): their channels will arrive through <c>channel</c>. */
    join(userId, profile, pc) {
      members.set(userId, { profile, pc, chat: null, transfers: new Set() });
    },

    channel(userId, channel) {
      const member = members.get(userId);
      if (!member) return channel.close();
      if (channel.label === "chat") {
        member.chat = channel;
        channel.onmessage = ({ data }) => received(userId, data);
        channel.onopen = () => standing.forEach((message) => channel.send(JSON.stringify(message)));
      } else if (channel.label === "file") {
        receiveFile(channel, (meta, cancel) => log.receiving(member.profile, meta, cancel));
      } else {
        channel.close();
      }
    },

    leave(userId) {
      members.get(userId)?.transfers.forEach((cancel) => cancel());
      members.delete(userId);
    },

    setSharing(sharing) {
      this.tell({ type: "screen", sharing });
    },

    /** Tells everyone connected now, and everyone who connects later, this tab's latest message of its type. */
    tell(message) {
      standing.set(message.type, message);
      broadcast(message);
    },

    /** Tells everyone connected now, once. */
    broadcast,

    reset() {
      outgoing.forEach((cancel) => cancel());
      members.clear();
      log.clear();
      standing.clear();
    },
  };
}
