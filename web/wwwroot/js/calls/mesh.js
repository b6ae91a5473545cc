// The mesh: one peer connection to each other participant, with roles from the room (the polite
// end answers), signals relayed through the hub, and each tile's connection state and quality.
// Signals from someone whose connection does not exist yet wait in the call's queue. Once the call's
// media goes through the media server (forwarding.js), the connections carry chat and files only,
// until the call falls back to them when its media server is gone.
import { named } from "../shell/people.js";
import { sentence } from "../shell/isolate.js";
import { tell } from "../shell/signaling.js";
import { createPeer } from "./peer.js";
import { readStats, quality } from "./connection-stats.js";
import { names } from "./words.js";

const statsEveryMs = 3_000;

export function createMesh({ state, connection, stage, chat, media, status, notify }) {
  // The selected route can change mid-call (an ICE restart, a better pair found later), and the quality always does.
  setInterval(() => state.call?.peers.forEach(showConnection), statsEveryMs);

  async function connectTo(profile, polite) {
    const call = state.call;
    const userId = profile.id;
    if (call.peers.has(userId)) return;
    const entry = { profile, peer: null };
    call.peers.set(userId, entry);
    const tile = stage.add(profile);
    const configuration = await call.configuration;
    if (state.call !== call || call.peers.get(userId) !== entry) return;
    chat.join(userId, profile, () => entry.peer.pc);
    entry.peer = createPeer({
      polite,
      configuration,
      refreshConfiguration: () => connection.invoke("IceConfiguration"),
      stream: call.forwarded ? new MediaStream() : media.outgoing,
      send: (signal) => tell(connection, "Signal", call.id, userId, signal),
      onTrack: (_track, stream) => entry.forwarded || tile.show(stream),
      onStateChange: (connectionState) => {
        tile.element.dataset.connectionState = connectionState;
        tile.setState({ connecting: "Connecting…", disconnected: "Reconnecting…", failed: "Reconnecting…" }[connectionState] ?? "");
        if (connectionState === "connected") showConnection(entry);
        else {
          entry.reading = null;
          tile.setQuality(null);
        }
        showStatus();
      },
      onChannel: (channel) => chat.channel(userId, channel),
    });
    (call.queue.get(userId) ?? []).forEach((signal) => entry.peer.receive(signal));
    call.queue.delete(userId);
  }

  /**
   * Marks a tile "Relayed" while its media goes through a TURN server, and shows the connection's
   * quality since the reading before, as the browser's own stats say.
   */
  async function showConnection(entry) {
    const pc = entry.peer?.pc;
    if (pc?.connectionState !== "connected") return;
    const reading = await readStats(pc);
    const tile = stage.get(entry.profile.id);
    tile?.setRelayed(reading.relayed);
    const since = entry.reading && quality(entry.reading, reading);
    if (since) tile?.setQuality(since);
    if (!entry.reading || since) entry.reading = reading;
  }

  function disconnectFrom(userId) {
    const call = state.call;
    call.peers.get(userId)?.peer?.close();
    call.peers.delete(userId);
    call.queue.delete(userId);
    chat.leave(userId);
    stage.remove(userId);
    showStatus();
  }

  function showStatus() {
    const peers = [...state.call.peers.values()];
    const connected = peers.filter((p) => p.peer?.pc.connectionState === "connected");
    status.replaceChildren(
      ...(peers.length === 0 ? ["Waiting for others…"]
      : connected.length === 0 ? ["Connecting…"]
      : sentence`In a call with ${names(connected.map((p) => p.profile))}`),
    );
  }

  return {
    connectTo,
    showStatus,
    /** Every open peer connection, for what changes the media sent to all (sharing, switching devices). */
    connections: () => [...(state.call?.peers.values() ?? [])].filter((p) => p.peer).map((p) => p.peer.pc),
    /** Whom the call has or is ringing: nobody to invite twice. */
    taken: () => new Set([...state.call.peers.keys(), ...stage.ringingIds()]),
    left(userId) {
      if (!state.call.peers.has(userId)) return;
      const { profile } = state.call.peers.get(userId);
      disconnectFrom(userId);
      notify(sentence`${named(profile)} left the call.`);
    },
    invited(invitee) {
      if (state.call.connected && !state.call.peers.has(invitee.id)) stage.ringing(invitee);
    },
    invitationClosed(userId, outcome) {
      const tile = stage.get(userId);
      if (!tile?.ringing) return;
      stage.remove(userId);
      notify(outcome === "rejected" ? sentence`${named(tile.profile)} declined.` : sentence`${named(tile.profile)} did not answer.`);
    },
    signal(from, signal) {
      const entry = state.call.peers.get(from);
      if (entry?.peer) entry.peer.receive(signal);
      else state.call.queue.set(from, [...(state.call.queue.get(from) ?? []), signal]);
    },
    /**
     * Someone's media now arrives from the media server: the direct connection stops carrying it
     * this way (the other end stops the other way once theirs arrives), and stays for chat and files.
     */
    stopMedia(userId) {
      const entry = state.call?.peers.get(userId);
      if (!entry?.peer) return;
      entry.forwarded = true;
      const without = { sendrecv: "sendonly", recvonly: "inactive" };
      entry.peer.pc.getTransceivers().forEach((t) => t.direction in without && (t.direction = without[t.direction]));
    },
    /**
     * The media server is gone and the call is small enough for direct connections: each carries
     * media both ways again, what this tab sends now, on new media lines (peer.js resend); each tile
     * shows the direct video as its track arrives.
     */
    resumeMedia() {
      for (const entry of state.call?.peers.values() ?? []) {
        entry.forwarded = false;
        entry.peer?.resend(media.outgoing);
      }
    },
    /** Ends every peer connection (the call is over for this tab). */
    close: () => state.call?.peers.forEach(({ peer }) => peer?.close()),
  };
}
