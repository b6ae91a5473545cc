// Copies the built files the pages use from node_modules into wwwroot/lib.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const files = [
  ["@microsoft/signalr/dist/browser/signalr.min.js", "signalr/signalr.min.js"],
  ["@picocss/pico/css/pico.min.css", "pico/pico.min.css"],
  ["@picocss/pico/LICENSE.md", "pico/LICENSE.md"],
];

rmSync("wwwroot/lib", { recursive: true, force: true });
for (const [from, to] of files) {
  mkdirSync(`wwwroot/lib/${to.split("/")[0]}`, { recursive: true });
  cpSync(`node_modules/${from}`, `wwwroot/lib/${to}`);
}
