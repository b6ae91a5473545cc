// The video messages left for me, on the Calls page: who left each, when, how long, whether I played
// it; Play puts a player in its place (the file comes with range requests, so it seeks), Delete asks
// first. The list follows videoMessagesChanged, which also says how many are unplayed.
import { named } from "../shell/people.js";

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, "0")}`;

/** TimeSpan as .NET writes it in JSON ("00:00:05.2000000"): seconds. */
const seconds = (span) => span.split(":").reduce((total, part) => total * 60 + Number(part), 0);

export function showVideoMessages(section, connection) {
  const list = section.querySelector("[data-video-messages-list]");
  const empty = section.querySelector("[data-video-messages-empty]");
  const playing = new Set();

  const item = (message) => {
    const li = document.createElement("li");
    li.dataset.messageId = message.id;
    const about = document.createElement("p");
    const when = new Date(message.leftAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    about.append(...named(message.from), `, ${when}, ${message.kind === "voice" ? "voice" : "video"}, ${clock(seconds(message.duration))}`);
    if (!message.seen) {
      const fresh = document.createElement("strong");
      fresh.textContent = " New";
      about.append(fresh);
    }
    const play = document.createElement("button");
    play.type = "button";
    play.textContent = "Play";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary outline";
    remove.textContent = "Delete";
    play.addEventListener("click", () => {
      playing.add(message.id);
      const player = document.createElement(message.kind === "voice" ? "audio" : "video");
      player.controls = true;
      player.preload = "auto";
      player.src = `/video-messages/${message.id}`;
      player.setAttribute("aria-label", `Message from ${message.from.fullName}`);
      play.replaceWith(player);
      player.play().catch(() => {});
    });
    remove.addEventListener("click", async () => {
      if (!confirm("Delete this message?")) return;
      playing.delete(message.id);
      await connection.invoke("DeleteVideoMessage", message.id);
      await load();
    });
    li.append(about, play, " ", remove);
    return li;
  };

  // A message being played keeps its player: redrawing would stop it.
  const load = async () => {
    const messages = await connection.invoke("VideoMessages");
    const kept = new Map([...list.children].filter((li) => playing.has(li.dataset.messageId)).map((li) => [li.dataset.messageId, li]));
    list.replaceChildren(...messages.map((message) => kept.get(message.id) ?? item(message)));
    list.hidden = messages.length === 0;
    empty.hidden = messages.length > 0;
  };
  connection.on("videoMessagesChanged", load);
  return { load };
}
