// Copies the built files the pages use from node_modules into wwwroot/lib.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const files = [
  ["@microsoft/signalr/dist/browser/signalr.min.js", "signalr/signalr.min.js"],
  ["@picocss/pico/css/pico.min.css", "pico/pico.min.css"],
  ["@picocss/pico/LICENSE.md", "pico/LICENSE.md"],
  ["@material-symbols/svg-400/LICENSE", "material-symbols/LICENSE"],
  // RNNoise (shiguredo's WebAssembly build) in an AudioWorklet; the page loads the SIMD build where it validates.
  ...["index.js", "rnnoise/workletProcessor.js", "rnnoise.wasm", "rnnoise_simd.wasm"].map((file) => [`@sapphi-red/web-noise-suppressor/dist/${file}`, `noise-suppressor/${file}`]),
  ["@sapphi-red/web-noise-suppressor/LICENSE", "noise-suppressor/LICENSE"],
  // Only the icons the pages use; icons.css names each one.
  ...[
    "videocam", "videocam_off", "call", "call_end", "mic", "mic_off", "screen_share", "stop_screen_share",
    "person_add", "chat", "attach_file", "send", "event", "block", "lock_open", "delete", "check", "close",
    "logout", "notifications", "search", "group", "history", "download", "signal_cellular_alt", "warning", "lock", "back_hand", "add_reaction", "noise_aware",
  ].map((icon) => [`@material-symbols/svg-400/outlined/${icon}.svg`, `material-symbols/${icon}.svg`]),
];

rmSync("wwwroot/lib", { recursive: true, force: true });
for (const [from, to] of files) {
  mkdirSync(`wwwroot/lib/${to.slice(0, to.lastIndexOf("/"))}`, { recursive: true });
  cpSync(`node_modules/${from}`, `wwwroot/lib/${to}`);
}
