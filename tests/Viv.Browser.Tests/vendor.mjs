// Copies axe-core's built file and licence from node_modules into axe/, which is committed so the tests need no npm.
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("axe", { recursive: true, force: true });
mkdirSync("axe");
for (const file of ["axe.min.js", "LICENSE"]) cpSync(`node_modules/axe-core/${file}`, `axe/${file}`);
