// The call's media through the media server, once the call grew past the mesh limit. This tab
// publishes its camera and microphone on one connection and receives everyone else's on another;
// the call room relays both connections' signals, so this page never learns the server's room or
// API. Each tile keeps the direct connection's video until the forwarded one arrives; then the
// direct connection stops carrying that person's media and stays for chat and files, ready to carry
// it again should the media server go with no other to take the call (mesh.js resumeMedia).
//
// The camera goes out in three sizes (simulcast: full, half and a quarter of its width), and for each
// tile this page asks for the smallest that fills it, so a grid of small tiles or a page in the
// background costs each person a fraction of a full video.
//
// Every frame is sealed before it leaves this browser and opened after it arrives (call-encryption.js):
// the media server forwards what it cannot read.

import { whenIceLost } from "./ice-lost.js";
import { tell } from "../shell/signaling.js";

// Smallest first: Chromium gives the bandwidth it has to the encodings in their order, so a sender
// short of it (a poor network, a busy machine) stops sending the last ones; Janus gives a receiver a
// smaller size when the one it asked for stops coming, never a larger one. Largest first, a busy
// publisher sent its full and half sizes but not the quarter, and pages that had asked for the
// quarter never played their video (ForwardedCallTests). The room is told the order (rid_order).
const simulcast = [{ rid: "l", scaleResolutionDownBy: 4 }, { rid: "m", scaleResolutionDownBy: 2 }, { rid: "h" }];

// A 720p camera's three sizes are 720, 360 and 180 rows: a tile up to 180 device pixels high gets the
// smallest, up to 360 the middle one.
const quality = (video) => {
  if (document.visibilityState === "hidden") return "low";
  const rows = video.getBoundingClientRect().height * devicePixelRatio;
  return rows > 360 ? "high" : rows > 180 ? "medium" : "low";
};

export function createForwarding({ state, connection, stage, media, encryption, onArrived }) {
  let publisher = null; // { pc }
  let receiver = null; // { pc, lines: Map<mid, { userId, kind }> }
  const streams = new Map(); // userId → { stream, arrived }
  const asked = new Map(); // userId → the video quality last asked of the room
  let received = null; // the userIds whose video the room sends this page, or null: everyone's
  const sealed = new WeakSet(); // the senders whose frames the worker seals
  const opened = new WeakSet(); // the receivers whose frames the worker opens
  const once = (done, item, act) => done.has(item) || (act(), done.add(item));

  const send = (leg, signal) => tell(connection, "Forward", state.call.id, leg, signal);

  const candidates = (pc, leg) => {
    // Trickle ICE needs no end-of-candidates marker, so the final null candidate is not sent.
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      send(leg, { candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment } });
    };
  };

  // The browser lost its path to the media server (a network change, a stalled server), which the
  // media server may not notice for long: the room starts this tab's media over there (callForwarded).
  let reconnecting = false;
  const watch = (pc) => whenIceLost(pc, () => {
    if (reconnecting || (pc !== publisher?.pc && pc !== receiver?.pc)) return;
    reconnecting = true;
    // Not done (the page cannot reach Viv either): asked again the next time the path is still lost.
    tell(connection, "ReconnectMedia", state.call.id).then((done) => done || (reconnecting = false));
  });

  const description = (pc) => ({ description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });

  async function publish() {
    const call = state.call;
    await encryption.ready();
    const pc = new RTCPeerConnection(await call.configuration);
    if (state.call !== call) return pc.close();
    publisher = { pc };
    candidates(pc, "publish");
    watch(pc);
    // Renegotiation (a voice call gaining a shared screen) offers again; the server answers each offer.
    pc.onnegotiationneeded = async () => {
      // Every sender, the first ones and a screen added later (media.js), seals before it is negotiated, so before it sends.
      pc.getSenders().forEach((sender) => once(sealed, sender, () => encryption.seal(sender)));
      await pc.setLocalDescription();
      send("publish", description(pc));
    };
    const outgoing = media.outgoing;
    outgoing.getTracks().forEach((track) => pc.addTransceiver(track, {
      direction: "sendonly",
      streams: [outgoing],
      ...(track.kind === "video" && { sendEncodings: simulcast }),
    }));
  }

  /** Asks the room, for each person whose video this page receives, for the size that fits their tile now. */
  function fit() {
    if (!receiver) return;
    const call = state.call;
    for (const { userId, kind } of receiver.lines.values()) {
      const video = kind === "video" && stage.get(userId)?.video;
      if (!video) continue;
      const wanted = quality(video);
      if (asked.get(userId) === wanted) continue;
      asked.set(userId, wanted);
      // Refused (a spent budget, say): asked again on the next resize rather than believed.
      tell(connection, "ReceiveVideo", call.id, userId, wanted).then((done) => {
        if (!done && asked.get(userId) === wanted) asked.delete(userId);
      });
    }
  }
  const resized = new ResizeObserver(fit);
  document.addEventListener("visibilitychange", fit);

  /** Every person's tracks as the latest offer lines them up: a new stream for whoever's changed. */
  function sortTracks() {
    const tracks = new Map();
    for (const transceiver of receiver.pc.getTransceivers()) {
      const line = receiver.lines.get(transceiver.mid);
      if (!line || transceiver.currentDirection === "inactive") continue;
      tracks.set(line.userId, [...(tracks.get(line.userId) ?? []), transceiver.receiver.track]);
    }
    for (const [userId, list] of tracks) {
      const known = streams.get(userId);
      const same = known && list.length === known.stream.getTracks().length && list.every((t) => known.stream.getTracks().includes(t));
      if (same) continue;
      const entry = { stream: new MediaStream(list), arrived: known?.arrived ?? false };
      streams.set(userId, entry);
      list.forEach((track) => track.addEventListener("unmute", () => arrive(userId)));
      arrive(userId);
      const video = stage.get(userId)?.video;
      if (video) resized.observe(video);
    }
    for (const userId of [...streams.keys()]) if (!tracks.has(userId)) streams.delete(userId);
  }

  /**
   * Someone's forwarded media plays once all their tracks carry it, but for a video the room holds
   * back (the video limit); from then their tile shows it.
   */
  function arrive(userId) {
    const entry = streams.get(userId);
    const withheld = !!received && !received.has(userId);
    if (!entry || entry.stream.getTracks().some((track) => track.muted && !(withheld && track.kind === "video"))) return;
    stage.get(userId)?.show(entry.stream);
    stage.get(userId)?.withhold(withheld);
    if (entry.arrived) return;
    entry.arrived = true;
    onArrived(userId);
  }

  async function receive(call, signal, lines) {
    if (!receiver) {
      const pc = new RTCPeerConnection(await call.configuration);
      if (state.call !== call) return pc.close();
      receiver = { pc, lines: new Map() };
      candidates(pc, "receive");
      watch(pc);
    }
    receiver.lines = new Map(lines.map(({ mid, userId, kind }) => [mid, { userId, kind }]));
    // The worker learns whose frames each line carries before any of a new offer's lines do.
    await encryption.lines(lines.map(({ mid, userId }) => [mid, userId]));
    await receiver.pc.setRemoteDescription(signal.description);
    receiver.pc.getTransceivers().forEach(({ mid, receiver: incoming }) => once(opened, incoming, () => encryption.open(incoming, mid)));
    await receiver.pc.setLocalDescription();
    send("receive", description(receiver.pc));
    sortTracks();
    fit();
  }

  /** A room on another media server, or none, knows no sizes asked of the last one. */
  function closeConnections() {
    publisher?.pc.close();
    receiver?.pc.close();
    publisher = receiver = null;
    asked.clear();
    resized.disconnect();
    received = null;
  }

  // Signals are handled strictly one after another: a candidate never overtakes its description.
  let queue = Promise.resolve();

  return {
    /**
     * The call's media moves (or, for someone coming in, starts) on the media server; again when the
     * call moved to another media server, from scratch. Tiles keep their last picture meanwhile.
     */
    start() {
      state.call.forwarded = true;
      reconnecting = false;
      queue = queue.then(() => {
        closeConnections();
        return publish();
      }).catch((error) => console.error("publishing failed", error));
    },
    signal(leg, signal, lines) {
      const call = state.call;
      queue = queue.then(async () => {
        if (state.call !== call) return;
        if (leg === "publish") await publisher.pc.setRemoteDescription(signal.description);
        else await receive(call, signal, lines);
      }).catch((error) => console.error("media server signal failed", error));
    },
    /** Whose video the room sends this page from now on; the others' tiles show their picture. */
    videos(userIds) {
      received = new Set(userIds);
      [...streams.keys()].forEach(arrive);
    },
    /** The media server is gone and the call went back to its direct connections: nothing goes there any more. */
    stop() {
      state.call.forwarded = false;
      queue = queue.then(() => {
        closeConnections();
        streams.clear();
      });
    },
    /** The connection whose tracks a shared screen or another device replaces. */
    connections: () => (publisher ? [publisher.pc] : []),
    close() {
      closeConnections();
      streams.clear();
      // Chromium never settles a description being set when its connection closes meanwhile: the
      // next call's signals must not wait behind this call's.
      queue = Promise.resolve();
    },
  };
}
