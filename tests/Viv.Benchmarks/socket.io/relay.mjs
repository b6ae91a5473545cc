// The seed's signaling relay (its section 4.1.2): every socket joins a room named after its user, and
// a direct message goes to the recipient's room. Only the WebSocket transport, as the benchmark's clients
// use it; messages are relayed as they come, with the sender's id added.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2]);
const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", socket => {
  const user = String(socket.handshake.query.user ?? "");
  socket.join(user);
  socket.on("signal", message => socket.to(String(message?.to)).emit("signal", { from: user, signal: message?.signal }));
});

http.listen(port, "127.0.0.1", () => console.log(`socket.io relay listening on ${port}`));
