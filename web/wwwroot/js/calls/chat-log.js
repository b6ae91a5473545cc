// The chat panel and its log: a line per message or file with who and when, a progress bar with
// Cancel while a file moves, pictures shown inline, and the unread count while the panel is closed.
import { sentence } from "../shell/isolate.js";
import { named } from "../shell/people.js";
import { isPicture, formatSize } from "./transfer.js";

const $ = (selector) => document.querySelector(selector);

export function createChatLog() {
  const ui = {
    panel: $("[data-call-chat]"),
    log: $("[data-chat-log]"),
    scroll: $("[data-chat-scroll]"),
    message: $("[data-chat-message]"),
    toggle: $("[data-call-chat-toggle]"),
    unread: $("[data-chat-unread]"),
  };
  const urls = [];
  let unread = 0;

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

  return {
    /** A chat message, from <c>sender</c> (null: me). */
    message: (sender, words) => text(entry(sender), words),

    /** A file I send: shown at once (a picture inline), with progress, Cancel and how it went. */
    sending(name, file) {
      const view = fileEntry(null, name, file.size, "Sending");
      if (isPicture(file.type)) picture(view.item, keep(file), name);
      return view;
    },

    /** A file someone sends me: progress and Cancel, then a download link (and the picture inline). */
    receiving(sender, meta, cancel) {
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
    },

    clear() {
      ui.log.replaceChildren();
      urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
      setUnread(0);
      show(false);
    },
  };
}
