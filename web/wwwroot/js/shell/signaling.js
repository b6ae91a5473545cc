// The one persistent connection to Viv. WebSockets only and no negotiation, so any web node can
// take it; on loss it reconnects forever with backoff, and the server registers the new
// connection id before it completes the handshake. Only the end of the session stops it: the
// server says so just before closing the connection (signed out here, in another tab, or by a
// password change elsewhere), and the page goes to the login page instead of knocking on with a
// cookie that opens nothing any more.

const maxDelayMs = 30_000;

/**
 * Invokes a hub method whose reply matters only when it is a refusal (a signal that went nowhere, a
 * budget spent): the refusal, or a failed invocation, is written to the console, where whoever helps
 * the person will look, instead of vanishing. Resolves to whether the server did it.
 */
export function tell(connection, method, ...args) {
  return connection.invoke(method, ...args).then(
    (reply) => reply.ok || (console.warn(`${method} refused: ${reply.error}`), false),
    (error) => (console.error(`${method} failed`, error), false));
}

export function connect({ device = "browser", onConnected = () => {}, signalR = window.signalR } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`/hub?device=${encodeURIComponent(device)}`, {
      skipNegotiation: true,
      transport: signalR.HttpTransportType.WebSockets,
    })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: ({ previousRetryCount }) =>
        Math.min(maxDelayMs, 500 * 2 ** previousRetryCount) * (0.75 + Math.random() / 2),
    })
    .build();

  let sessionEnded = false;
  const connected = async () => {
    document.documentElement.dataset.node = await connection.invoke("Node");
    document.documentElement.dataset.connection = "connected";
  };
  const start = async () => {
    try {
      await connection.start();
      await connected();
      await onConnected();
    } catch {
      if (!sessionEnded) setTimeout(start, 2_000 + Math.random() * 2_000);
    }
  };
  connection.on("sessionEnded", () => {
    sessionEnded = true;
    location.assign("/Account/Login");
  });
  connection.onreconnecting(() => (document.documentElement.dataset.connection = "reconnecting"));
  connection.onreconnected(connected);
  // Automatic reconnect gives up only after its own attempts; a calling app never should.
  connection.onclose(() => {
    document.documentElement.dataset.connection = "disconnected";
    if (!sessionEnded) start();
  });
  start();
  return connection;
}
