// The call's tiles: one per other participant (video, or their picture in a voice call), one for
// someone being rung, and the local preview. The grid picks the column count that gives each tile
// the largest 16:9 picture for the space it has, whatever the screen and however many are in.
import { avatar, named, namedLabel } from "../shell/people.js";

const aspect = 16 / 9;

const rate = (kbps) => (kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${Math.round(kbps)} kbit/s`);
const percent = (value) => `${value > 0 && value < 1 ? value.toFixed(1) : Math.round(value)}%`;

/** A connection's quality (connection-stats.js) as a few words on the tile, and the same in full for screen readers. */
function showQuality(indicator, q) {
  indicator.hidden = !q;
  if (!q) return;
  const roundTrip = q.roundTripMs === null ? null : `${Math.round(q.roundTripMs)} ms`;
  const parts = [rate(q.kbps), roundTrip, `${percent(q.lossPercent)} loss`].filter(Boolean);
  indicator.dataset.quality = q.poor ? "poor" : "good";
  indicator.textContent = [...(q.poor ? ["Poor connection"] : []), ...parts].join(" · ");
  const spoken = [rate(q.kbps), roundTrip && `round trip ${roundTrip}`, `${percent(q.lossPercent)} packet loss`].filter(Boolean).join(", ");
  indicator.setAttribute("aria-label", `${q.poor ? "Poor connection" : "Connection quality"}: ${spoken}`);
}

export function createStage(grid, localTile) {
  const tiles = new Map();

  function layout() {
    const remotes = tiles.size;
    grid.dataset.remotes = String(remotes);
    // With one other person, the local preview floats over their picture instead of taking a tile.
    const localShown = getComputedStyle(localTile).display !== "none";
    const count = remotes === 1 || !localShown ? Math.max(remotes, 1) : remotes + 1;
    const { width, height } = grid.getBoundingClientRect();
    let best = { columns: 1, size: 0 };
    for (let columns = 1; columns <= count; columns++) {
      const rows = Math.ceil(count / columns);
      const size = Math.min(width / columns, (height / rows) * aspect);
      if (size > best.size) best = { columns, size };
    }
    grid.style.setProperty("--columns", String(best.columns));
  }
  new ResizeObserver(layout).observe(grid);

  function figure(profile) {
    const element = document.createElement("figure");
    element.className = "tile";
    element.dataset.userId = profile.id;
    const picture = avatar(profile, "avatar large");
    const caption = document.createElement("figcaption");
    const state = document.createElement("small");
    const relayed = document.createElement("small");
    relayed.className = "relayed";
    relayed.title = "This connection goes through a relay server";
    relayed.textContent = "Relayed";
    relayed.hidden = true;
    caption.append(...named(profile), " ", state, " ", relayed);
    element.append(picture, caption);
    grid.insertBefore(element, localTile);
    return { element, state, relayed };
  }

  function remove(userId) {
    tiles.get(userId)?.element.remove();
    tiles.delete(userId);
    layout();
  }

  /** A participant's tile. Their video element carries their sound too, so it stays even in voice calls. */
  function add(profile) {
    remove(profile.id);
    const { element, state, relayed } = figure(profile);
    const video = document.createElement("video");
    video.autoplay = video.playsInline = true;
    video.setAttribute("aria-label", namedLabel(profile));
    // Its words are read as one label, not piece by piece.
    const quality = document.createElement("span");
    quality.className = "quality";
    quality.setAttribute("role", "img");
    quality.hidden = true;
    element.prepend(video);
    element.append(quality);
    // Video shows only while a live, unmuted video track arrives (a voice call shows the picture
    // until someone shares their screen) and the media server sends it.
    let withheld = false;
    const refresh = () => {
      const stream = video.srcObject;
      element.dataset.video = String(!withheld && !!stream?.getVideoTracks().some((t) => t.readyState === "live" && !t.muted));
    };
    const tile = {
      element,
      video,
      show(stream) {
        if (video.srcObject !== stream) {
          video.srcObject = stream;
          stream.onaddtrack = stream.onremovetrack = refresh;
        }
        stream.getTracks().forEach((track) => (track.onmute = track.onunmute = track.onended = refresh));
        refresh();
      },
      setState(text) {
        state.textContent = text;
      },
      /** The media server holds their video back from this page (a call past the video limit): their picture shows. */
      withhold(value) {
        withheld = value;
        refresh();
      },
      setRelayed(value) {
        relayed.hidden = !value;
      },
      setQuality(q) {
        showQuality(quality, q);
        element.classList.toggle("poor-connection", !!q?.poor);
      },
      /** The active speaker: marked for the eye and in the tile's accessible description. */
      setSpeaking(talking) {
        element.dataset.speaking = String(talking);
        if (talking) element.setAttribute("aria-description", "speaking");
        else element.removeAttribute("aria-description");
      },
      setSharing(sharing) {
        element.dataset.sharing = String(sharing);
        state.textContent = sharing ? "Sharing screen" : "";
      },
    };
    tiles.set(profile.id, tile);
    layout();
    return tile;
  }

  /** Someone being rung: their picture and "Ringing…" until they join or the invitation closes. */
  function ringing(profile) {
    remove(profile.id);
    const { element, state } = figure(profile);
    element.classList.add("ringing");
    state.textContent = "Ringing…";
    tiles.set(profile.id, { element, ringing: true, profile });
    layout();
  }

  function clear() {
    [...tiles.keys()].forEach(remove);
  }

  const ringingIds = () => [...tiles].filter(([, tile]) => tile.ringing).map(([id]) => id);

  return { add, ringing, remove, clear, ringingIds, get: (userId) => tiles.get(userId), layout };
}
