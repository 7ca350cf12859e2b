// Headless Chromium against `wengao serve`, driven over the DevTools protocol.
//
//   node --experimental-websocket tests/browser.mjs CHROMIUM URL INPUT.toml SHOT.png
//
// Loads URL, checks the page shows the document, saves a screenshot, edits INPUT
// (a text it shows is replaced), waits for the page to reload by itself (the
// server's reload event), and checks the new text is shown. Exits non-zero on
// any failure. Used by tests/serve.rs.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [chromium, url, input, shot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "wengao-chromium-"));
const browser = spawn(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  `--user-data-dir=${profile}`, "--remote-debugging-port=0", "--window-size=1000,1400", "about:blank",
], { stdio: ["ignore", "ignore", "pipe"], detached: true });
// Chromium starts helper processes: stop the whole group.
const stop = () => { try { process.kill(-browser.pid, "SIGKILL"); } catch { browser.kill("SIGKILL"); } };
const fail = (why) => { console.error("FAIL:", why); stop(); process.exit(1); };
let state = async () => "";
setTimeout(async () => fail("timed out; page state: " + (await state())), 45000).unref();

const wsUrl = await new Promise((resolve) => {
  let err = "";
  browser.stderr.on("data", (d) => {
    err += d;
    const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
});
console.log("devtools at", wsUrl);
const targets = await (await fetch(wsUrl.replace("ws://", "http://").replace(/\/devtools.*/, "/json"))).json();
const page = targets.find((t) => t.type === "page");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r));
let next = 1;
const waiting = new Map();
const listeners = [];
ws.addEventListener("message", (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
  if (msg.method) listeners.forEach((l) => l(msg));
});
const send = (method, params = {}) => new Promise((resolve) => {
  const id = next++;
  waiting.set(id, resolve);
  ws.send(JSON.stringify({ id, method, params }));
});
const loaded = () => new Promise((resolve) => {
  const l = (msg) => { if (msg.method === "Page.loadEventFired") { listeners.splice(listeners.indexOf(l), 1); resolve(); } };
  listeners.push(l);
});
const text = async () => (await send("Runtime.evaluate", { expression: "document.body.innerText" })).result.result.value;

console.log("connected to the page");
await send("Page.enable");
let first = loaded();
await send("Page.navigate", { url });
await first;
console.log("page loaded");
await new Promise((r) => setTimeout(r, 500)); // fonts
const before = await text();
if (!before.includes("指导思想和工作目标")) fail("the page does not show the document: " + before.slice(0, 200));
const png = await send("Page.captureScreenshot", { format: "png" });
writeFileSync(shot, Buffer.from(png.result.data, "base64"));
console.log("screenshot saved");

state = async () => (await send("Runtime.evaluate", { expression: "document.documentElement.dataset.wengaoEvents + ' | ' + performance.getEntriesByType('resource').map(r => r.name.split('/').pop() + ':' + Math.round(r.responseEnd)).join(' ')" })).result.result.value;
console.log("events so far:", await state());
console.log("editing", input);
const reload = loaded();
const saved = Date.now();
writeFileSync(input, readFileSync(input, "utf8").replace("指导思想和工作目标", "浏览器自动刷新测试"));
await reload;
const after = await text();
if (!after.includes("浏览器自动刷新测试")) fail("reloaded without the new text");
console.log(`reloaded with the new text ${Date.now() - saved} ms after the save`);
stop();
process.exit(0);
