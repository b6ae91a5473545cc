// Wires the signed-in page: one connection, and what each server event means to the person.
import { connect } from "./signaling.js";
import { notify } from "./notices.js";

const region = document.getElementById("notices");
const device = matchMedia("(max-width: 600px) and (pointer: coarse)").matches ? "mobile" : "browser";
const connection = connect({ device });

connection.on("signedInElsewhere", ({ at }) => {
  const time = new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  notify(region, `Your account was signed in elsewhere at ${time}. If that was not you, change your password.`);
});
