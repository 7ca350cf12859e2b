// Headless Chromium against `wengao serve`, driven over the DevTools protocol.
//
//   node --experimental-websocket tests/browser.mjs CHROMIUM URL INPUT.toml SHOT.png
//
// Loads URL, checks the page shows the document, saves a screenshot, edits INPUT
// (a text it shows is replaced), waits for the page to reload by itself (the
// server's reload event), and checks the new text is shown; the console has
// shown no Content-Security-Policy violation, and an inline script added then is
// blocked and reported (the policy is in force and the check would see a
// breach). Exits non-zero on any failure. Used by tests/it/serve.rs.
import { readFileSync, writeFileSync } from "node:fs";
import { launch } from "./cdp.mjs";

const [chromium, url, input, shot] = process.argv.slice(2);
const b = await launch(chromium);
const text = () => b.eval("document.body.innerText");
console.log("connected to the page");
await b.go(url);
console.log("page loaded");
await new Promise((r) => setTimeout(r, 500)); // fonts
const before = await text();
if (!before.includes("指导思想和工作目标")) await b.fail("the page does not show the document: " + before.slice(0, 200));
await b.shot(shot);
console.log("screenshot saved");

b.state = () => b.eval("document.documentElement.dataset.wengaoEvents + ' | ' + performance.getEntriesByType('resource').map(r => r.name.split('/').pop() + ':' + Math.round(r.responseEnd)).join(' ')");
console.log("events so far:", await b.state());
console.log("editing", input);
const reload = b.loaded();
const saved = Date.now();
writeFileSync(input, readFileSync(input, "utf8").replace("指导思想和工作目标", "浏览器自动刷新测试"));
await reload;
const after = await text();
if (!after.includes("浏览器自动刷新测试")) await b.fail("reloaded without the new text");
console.log(`reloaded with the new text ${Date.now() - saved} ms after the save`);
await b.checkPolicy();

await b.eval("document.head.append(Object.assign(document.createElement('script'), { textContent: 'window.inlineRan = true' })), true");
for (const end = Date.now() + 5000; !b.violations.length; await new Promise((r) => setTimeout(r, 20))) {
  if (Date.now() > end) await b.fail("an inline script raised no Content-Security-Policy violation");
}
if (await b.eval("window.inlineRan === true")) await b.fail("an inline script ran despite the policy");
console.log("an inline script is blocked and reported:", b.violations[0]);
b.stop();
process.exit(0);
