// The one call this tab takes part in, or is being rung into: what the dialogs, the mesh and the
// controls all read. Only the module that owns a step changes it (placing, answering, the mesh).
export function createCallState() {
  // { id, kind, meeting?, connected, placing, configuration: Promise, peers: Map<userId, { profile, peer, reading }>, queue: Map<userId, signal[]>, early: [] }
  let call = null;
  let ringing = null; // { id, caller, kind }

  return {
    get call() {
      return call;
    },
    get ringing() {
      return ringing;
    },
    /** In a call or being rung: one at a time. */
    get busy() {
      return call !== null || ringing !== null;
    },
    ours: (callId) => call !== null && call.id === callId,
    /** A call this tab takes part in; its ICE configuration is fetched now (fresh TURN credentials for each call). */
    begin(id, kind, configuration, more = {}) {
      call = { id, kind, connected: false, placing: false, configuration, peers: new Map(), queue: new Map(), early: [], ...more };
      return call;
    },
    ring(incoming) {
      ringing = incoming;
    },
    stopRinging() {
      ringing = null;
    },
    clear() {
      call = null;
      ringing = null;
    },
  };
}
