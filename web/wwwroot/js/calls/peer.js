// One RTCPeerConnection to one other participant, with the perfect negotiation pattern: the room
// makes one end of every pair polite, so when both ends offer at once the polite one rolls back and
// answers, and neither ever deadlocks. Signaling is passed in; this module does not care how
// messages travel. Each pair also shares a "chat" data channel; files open channels of their own.

import { whenIceLost } from "./ice-lost.js";

export function createPeer({ polite, configuration, refreshConfiguration, stream, send, onTrack, onStateChange, onChannel }) {
  const pc = new RTCPeerConnection(configuration);
  // The impolite end offers first with its tracks and the chat channel; the polite end adds its own
  // while answering that offer, so a new connection starts without both ends offering at once.
  // Perfect negotiation still settles any later collision (screen share, ICE restarts).
  const unsentTracks = stream.getTracks();
  let chat;
  const addTracks = () => {
    unsentTracks.splice(0).forEach((track) => pc.addTrack(track, stream));
    // Negotiated with a fixed id on both ends: no "datachannel" event to wait for, no race.
    if (chat) return;
    chat = pc.createDataChannel("chat", { negotiated: true, id: 0 });
    onChannel(chat);
  };
  if (!polite) addTracks();
  // What the polite end sends on the impolite end's new media lines once it has answered them (resend).
  let resending = null;
  const sendResent = () => {
    if (!resending || !pc.getTransceivers().some((t) => t.currentDirection === "recvonly" && !t.sender.track)) return;
    const { tracks, sending } = resending;
    resending = null;
    tracks.forEach((track) => pc.addTrack(track, sending));
  };
  pc.ondatachannel = ({ channel }) => onChannel(channel);
  let makingOffer = false;
  let ignoreOffer = false;
  let settingRemoteAnswer = false;

  const sendDescription = () => send({ description: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });

  const offer = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      sendDescription();
    } catch (error) {
      console.error("negotiation failed", error);
    } finally {
      makingOffer = false;
    }
  };
  pc.onnegotiationneeded = offer;
  // The first offer starts at once rather than on "negotiationneeded", which the browser fires only
  // after the page's other work of this moment (the call screen being laid out): measured 24-87 ms
  // later on the caller's side of accept → first frame. The event does not come again for these
  // tracks: an offer made meanwhile covers them.
  if (!polite) offer();

  // Trickle ICE needs no end-of-candidates marker, so the final null candidate is not sent.
  pc.onicecandidate = ({ candidate }) => {
    if (!candidate) return;
    const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
    send({ candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment } });
  };

  pc.ontrack = ({ track, streams }) => onTrack(track, streams[0]);

  pc.onconnectionstatechange = () => onStateChange(pc.connectionState);

  // A network change (or a TURN server going away) can kill the selected candidate pair. A restart
  // gathers new candidates with fresh TURN credentials. An offer of this end still unanswered when the
  // path is lost again (the restart's offer or its answer lost on the way) is made and sent anew.
  const stopWatching = whenIceLost(pc, async () => {
    try {
      pc.setConfiguration(await refreshConfiguration());
    } catch (error) {
      console.warn("ICE restart with the old configuration", error);
    }
    if (pc.connectionState === "closed") return;
    if (pc.signalingState === "have-local-offer" && !makingOffer) offer();
    else pc.restartIce();
  });

  // Messages are handled strictly one after another: a candidate must never overtake its description.
  let queue = Promise.resolve();
  const receive = (message) => (queue = queue.then(() => handle(message)));

  // Candidates that arrive before any remote description wait for it. The impolite end needs this:
  // when the polite end rolls back its offer and answers, the answer reuses the ICE credentials
  // and candidates it already sent, while the impolite end was ignoring that offer. Dropping them
  // left the call with no remote candidate at all.
  const early = [];
  const addCandidate = async (candidate) => {
    try {
      await pc.addIceCandidate(candidate);
    } catch {
      // A candidate of an offer that was rolled back or ignored: it belongs to no live session.
    }
  };

  async function handle({ description, candidate }) {
    try {
      if (description) {
        const readyForOffer = !makingOffer && (pc.signalingState === "stable" || settingRemoteAnswer);
        const collision = description.type === "offer" && !readyForOffer;
        ignoreOffer = !polite && collision;
        if (ignoreOffer) return;
        settingRemoteAnswer = description.type === "answer";
        await pc.setRemoteDescription(description);
        settingRemoteAnswer = false;
        if (description.type === "offer") {
          addTracks();
          await pc.setLocalDescription();
          sendDescription();
          sendResent();
        }
        for (const waiting of early.splice(0)) await addCandidate(waiting);
      } else if (candidate) {
        if (pc.remoteDescription) await addCandidate(candidate);
        else early.push(candidate);
      }
    } catch (error) {
      console.error("signal failed", error);
    }
  }

  return {
    pc,
    receive,
    /**
     * Sends a stream on new media lines after the media server carried the call (mesh.js
     * resumeMedia); the lines that carried media before stop. Chromium leaves a receiver that was
     * rolled back while going inactive muted for good, even once media flows to it again, and both
     * ends of a pair stop their media at about the same time. So nothing rolls back here: the
     * impolite end offers its tracks on new lines, and the polite end adds its own to them once it
     * has answered (its earlier lines are still stopping while it answers).
     */
    resend(sending) {
      if (polite) {
        resending = { tracks: sending.getTracks(), sending };
        sendResent();
        return;
      }
      pc.getTransceivers().forEach((t) => t.stop());
      sending.getTracks().forEach((track) => pc.addTransceiver(track, { direction: "sendrecv", streams: [sending] }));
    },
    close() {
      stopWatching();
      pc.close();
    },
  };
}
