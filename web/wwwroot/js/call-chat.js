// The call's chat panel: messages, files and pictures, straight from browser to browser over each
// pair's data channels. Who sent something is known from the connection it came on, never from
// what the message claims. Someone who joins late sees what is said from then on.
import { sendFile, receiveFile, isPicture, formatSize, maxFileBytes, shownName } from "./transfer.js";
import { isolate, sentence } from "./isolate.js";
import { named } from "./people.js";

const $ = (selector) => document.querySelector(selector);
const maxMessageLength = 4000;
const nobody = "Nobody is connected yet to send to.";

export function createChat({ notify, onScreen }) {
  const ui = {
    panel: $("[data-call-chat]"),
    log: $("[data-chat-log]"),
    scroll: $("[data-chat-scroll]"),
    form: $("[data-chat-form]"),
    message: $("[data-chat-message]"),
    file: $("[data-chat-file]"),
    toggle: $("[data-call-chat-toggle]"),
    unread: $("[data-chat-unread]"),
  };
  const members = new Map(); // userId → { profile, pc: () => RTCPeerConnection, chat, transfers: Set<cancel> }
  const outgoing = new Set(); // cancel functions of files being sent
  const urls = [];
  let unread = 0;
  let sharing = false;

  const open = () => [...members.values()].filter((m) => m.chat?.readyState === "open");

  function setUnread(count) {
    unread = count;
    ui.unread.textContent = String(count);
    ui.unread.hidden = count === 0;
  }

  function show(visible) {
    ui.panel.hidden = !visible;
    ui.toggle.setAttribute("aria-expanded", String(visible));
    if (visible) {
      setUnread(0);
      ui.message.focus();
    }
  }
  ui.toggle.addEventListener("click", () => show(ui.panel.hidden));

  /** A line in the log from a participant's profile, or from me when there is none. */
  function entry(sender) {
    const item = document.createElement("li");
    const who = document.createElement("strong");
    who.append(...(sender ? named(sender) : ["You"]));
    const at = new Date();
    const when = document.createElement("time");
    when.dateTime = at.toISOString();
    when.textContent = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    item.append(who, " ", when);
    ui.log.append(item);
    ui.scroll.scrollTop = ui.scroll.scrollHeight;
    if (ui.panel.hidden && sender) setUnread(unread + 1);
    return item;
  }

  function text(item, words, className = "") {
    const p = document.createElement("p");
    p.append(...[words].flat());
    if (className) p.className = className;
    item.append(p);
    return p;
  }

  /** A file in the log: its name and size, a progress bar with Cancel while it moves. */
  function fileEntry(sender, name, size, verb) {
    const item = entry(sender);
    item.classList.add("transfer");
    text(item, sentence`${name} (${formatSize(size)})`, "file-name");
    const progress = document.createElement("progress");
    progress.max = Math.max(size, 1);
    progress.value = 0;
    progress.setAttribute("aria-label", `${verb} ${name}`);
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "secondary outline";
    cancel.textContent = "Cancel";
    const status = document.createElement("p");
    status.className = "transfer-status";
    item.append(progress, cancel, status);
    const settle = (words) => {
      progress.remove();
      cancel.remove();
      status.textContent = words;
    };
    return { item, progress, cancel, settle };
  }

  function keep(blob) {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return url;
  }

  function picture(item, url, name) {
    const img = document.createElement("img");
    img.className = "chat-picture";
    img.alt = name;
    img.src = url;
    img.onerror = () => img.remove();
    item.append(img);
  }

  function incomingFile(sender, meta, cancel) {
    const view = fileEntry(sender, meta.name, meta.size, "Receiving");
    view.cancel.addEventListener("click", cancel);
    return {
      progress: (bytes) => (view.progress.value = bytes),
      complete(blob) {
        view.settle("");
        const url = keep(blob);
        if (isPicture(meta.mime)) picture(view.item, url, meta.name);
        const link = document.createElement("a");
        link.href = url;
        link.download = meta.name;
        link.append(...sentence`Download ${meta.name} (${formatSize(meta.size)})`);
        view.item.append(link);
      },
      cancelled: () => view.settle("Cancelled"),
    };
  }

  function sendOne(file) {
    const name = shownName(file.name);
    if (file.size > maxFileBytes) return notify(sentence`${name} is larger than 2 GB.`);
    const recipients = open();
    if (recipients.length === 0) return notify(nobody);
    const view = fileEntry(null, name, file.size, "Sending");
    if (isPicture(file.type)) picture(view.item, keep(file), name);
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
      view.settle(delivered === results.length ? "Sent" : delivered === 0 ? "Cancelled" : `Sent to ${delivered} of ${results.length}`);
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
    text(entry(null), isolate(words));
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
      text(entry(member.profile), isolate(message.text.trim()));
    } else if (message?.type === "screen" && typeof message.sharing === "boolean") {
      onScreen(userId, message.sharing);
    } else {
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
        channel.onopen = () => sharing && channel.send(JSON.stringify({ type: "screen", sharing }));
      } else if (channel.label === "file") {
        receiveFile(channel, (meta, cancel) => incomingFile(member.profile, meta, cancel));
      } else {
        channel.close();
      }
    },

    leave(userId) {
      members.get(userId)?.transfers.forEach((cancel) => cancel());
      members.delete(userId);
    },

    setSharing(value) {
      sharing = value;
      broadcast({ type: "screen", sharing });
    },

    reset() {
      outgoing.forEach((cancel) => cancel());
      members.clear();
      ui.log.replaceChildren();
      urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
      setUnread(0);
      sharing = false;
      show(false);
    },
  };
}
