// What the page says about calls: the server sends codes (kind, outcome, end reason), these are the words.
import { named } from "../shell/people.js";

export const kindWords = { video: "Video call", voice: "Voice call" };

/** Why a call the caller placed ended before anyone answered (CallEndReason). */
export const unansweredWords = { noAnswer: "No answer.", rejected: "Call rejected.", busy: "Busy." };

export const noMedia = "Viv cannot use your camera or microphone. Allow them in the browser and try again.";

export const cannotEncrypt =
  "This call grew large enough to go through Viv's media server, where it stays end-to-end encrypted, and this browser cannot encrypt it, so you left the call. Join again from a current Chrome, Edge, Firefox or Safari.";

/** "Ada @ada", "Ada @ada and Ben @ben", "Ada @ada, Ben @ben and Cleo @cleo": nodes, each name and username isolated. */
export const names = (people) =>
  people.flatMap((profile, i) => [i === 0 ? "" : i === people.length - 1 ? " and " : ", ", ...named(profile)]).filter((node) => node !== "");
