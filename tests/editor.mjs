// The browser editor in headless Chromium (1366 × 768, a laptop screen):
//
//   node --experimental-websocket tests/editor.mjs CHROMIUM BASE_URL DOCS_DIR SHOTS_DIR
//
// On school-plan: types a new title, adds a section and a schedule month through
// the form (keyboard input as a user types it), renames a schedule column, picks
// a date style and takes it back, and checks each reaches the file on disk and
// the preview beside the form; undoes and redoes (Ctrl+Z / Ctrl+Y); then edits the file behind the page's back and checks the form and the
// preview take the new text; then changes both sides at once and keeps the page's
// version (the other goes beside as .conflict-1.toml). Saves screenshots of the plan, summary and
// collection editors. The console of the editor and its preview shows no
// Content-Security-Policy violation throughout. Exits non-zero on any failure.
// Used by tests/it/editor.rs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./cdp.mjs";

const [chromium, base, docs, shots] = process.argv.slice(2);
const b = await launch(chromium, { width: 1366, height: 768, timeout: 90000 });
const file = join(docs, "school-plan.toml");
const onDisk = () => readFileSync(file, "utf8");
const preview = "(document.getElementById('preview').contentDocument?.body?.innerText || '')";
b.state = () => b.eval("document.getElementById('status').textContent + ' | ' + " + preview + ".slice(0, 300)");

async function diskHas(text, what) {
  const end = Date.now() + 15000;
  while (!onDisk().includes(text)) {
    if (Date.now() > end) await b.fail(what + ": the file lacks " + JSON.stringify(text));
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function diskLacks(text, what) {
  const end = Date.now() + 15000;
  while (onDisk().includes(text)) {
    if (Date.now() > end) await b.fail(what + ": the file still has " + JSON.stringify(text));
    await new Promise((r) => setTimeout(r, 50));
  }
}
const type = (text) => b.send("Input.insertText", { text });
const key = async (k, code, modifiers = 0) => {
  const keyCode = k.length === 1 ? k.toUpperCase().charCodeAt(0) : 13;
  await b.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: k, code, modifiers, windowsVirtualKeyCode: keyCode });
  await b.send("Input.dispatchKeyEvent", { type: "keyUp", key: k, code, modifiers, windowsVirtualKeyCode: keyCode });
};
const click = (js) => b.eval(`(${js}).click(), true`);
const buttonByText = (text) => `[...document.querySelectorAll('#form button')].filter(x => x.textContent.trim() === ${JSON.stringify(text)}).pop()`;
const ready = () => b.until("document.documentElement.dataset.wengaoEditor === 'ready'", "the editor to load");

await b.go(base + "/edit/school-plan");
await ready();
await b.until(preview + ".includes('工作计划')", "the preview");
await b.shot(join(shots, "editor-plan.png"));
console.log("plan editor loaded");

// 1. The title. The preview, scrolled down, stays where it was and is never
// shown blank or in a stand-in font while the new one loads (it loads behind
// the one shown).
await b.eval("document.getElementById('preview').contentWindow.scrollTo(0, 600), true");
await b.eval("document.getElementById('preview').contentDocument.fonts.ready.then(() => true)");
await b.eval(`window.blankPreview = 0; window.watchPreview = setInterval(() => {
  const d = document.getElementById('preview').contentDocument;
  if (!d || !d.body || d.body.innerText.length < 10 || d.fonts.status !== "loaded") window.blankPreview++;
}, 5); true`);
await b.eval("{ const t = document.getElementById('f-title'); t.focus(); t.select(); } true");
const typed = Date.now();
await type("2025年浏览器改的标题");
await b.until(preview + ".includes('2025年浏览器改的标题')", "the preview to show the new title");
// A figure for the log, not an assertion (250 ms of it is the pause awaited).
console.log(`title saved and previewed ${Date.now() - typed} ms after typing`);
const blank = await b.eval("clearInterval(window.watchPreview), window.blankPreview");
if (blank) await b.fail(`the preview was blank or without its fonts ${blank} times while it reloaded`);
const y = await b.eval("document.getElementById('preview').contentWindow.scrollY");
if (Math.abs(y - 600) > 2) await b.fail("the preview's scroll position was not kept: " + y);
await diskHas('title = "2025年浏览器改的标题"', "title");

// 2. A new level-1 section: the button focuses its title.
await click(buttonByText("＋ 一级标题"));
await b.until("document.activeElement?.dataset.path?.match(/^section\\/\\d+\\/title$/)", "the new section's title to have focus");
const path = await b.eval("document.activeElement.dataset.path");
await type("浏览器新加的一节");
await diskHas('title = "浏览器新加的一节"', "section");
await b.until(preview + ".includes('浏览器新加的一节')", "the preview to show the new section");
const number = await b.until(`document.querySelector('[data-num="${path.replace(/\/title$/, "")}"]').textContent`, "the section's number");
if (!/^[一二三四五六七八九十]+、$/.test(number)) await b.fail("the new section's number is " + JSON.stringify(number));
if (!(await b.eval(preview + `.includes(${JSON.stringify(number + "浏览器新加的一节")})`))) await b.fail("the preview does not number it " + number);
console.log("section added:", number);

// The keyboard: Alt+↑ moves the new section above the one before it.
const keyed = await b.eval("document.activeElement.dataset.path");
await b.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "ArrowUp", code: "ArrowUp", modifiers: 1, windowsVirtualKeyCode: 38 });
await b.until(`document.activeElement?.dataset.path !== ${JSON.stringify(keyed)} && document.activeElement?.value === '浏览器新加的一节'`, "Alt+↑ to move the section");
await b.until(preview + `.includes(${JSON.stringify(number + "浏览器新加的一节")}) === false && ` + preview + ".includes('浏览器新加的一节')", "the preview to show it moved up");
const lines = onDisk().split("\n");
const mine = lines.indexOf('title = "浏览器新加的一节"');
if (mine < 0 || !lines.slice(mine + 1).some((l) => l === "[[section]]")) await b.fail("Alt+↑ did not move the section up in the file");
console.log("moved with Alt+↑");

// 3. A schedule month; its items are one per line.
await click(buttonByText("＋ 月份"));
await b.until("document.activeElement?.dataset.path?.endsWith('/when')", "the new month's 时间 to have focus");
const when = await b.eval("document.activeElement.dataset.path");
await type("寒假");
await b.eval(`document.querySelector('[data-path="${when.replace(/when$/, "items")}"]').focus(), true`);
await type("浏览器加的寒假要点");
await diskHas('when = "寒假"', "month");
await diskHas("浏览器加的寒假要点", "month items");
await b.until(preview + ".includes('浏览器加的寒假要点')", "the preview to show the new month");
console.log("month added");

// The schedule's header names its columns (`columns`, edited in place).
await b.eval("{ const c = document.getElementById('f-schedule-columns-0'); c.focus(); c.select(); } true");
await type("时间段");
await diskHas('columns = ["时间段", "工作要点"]', "the schedule's column");
await b.until("document.getElementById('preview').contentDocument?.querySelector('table.schedule th')?.textContent === '时间段'", "the preview's schedule header");
console.log("schedule column renamed");

// 文种与版式: a [style] key chosen, then 默认 again takes the table away.
const choose = (path, value) => b.eval(`{ const s = document.querySelector('select[data-path="${path}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change")); } true`);
await click("document.querySelector('.settings summary')");
await choose("style/date_style", "chinese");
await diskHas('[style]\ndate_style = "chinese"', "the date style");
await b.until(preview + ".includes('二〇二四年十二月二十六日')", "the preview to write the date in Chinese numerals");
await choose("style/date_style", "");
await diskLacks("[style]", "the date style back to 默认");
await b.until(preview + ".includes('2024年12月26日')", "the preview to write the date in digits again");
console.log("style chosen and taken back");

// 4. Undo and redo: four steps back to before the month's items, four forward.
await b.eval("document.activeElement.blur(), true");
for (let i = 0; i < 4; i++) await key("z", "KeyZ", 2);
await diskLacks("浏览器加的寒假要点", "undo");
await diskHas('columns = ["月份", "工作要点"]', "undo of the column");
for (let i = 0; i < 4; i++) await key("y", "KeyY", 2);
await diskHas("浏览器加的寒假要点", "redo");
await diskHas('columns = ["时间段", "工作要点"]', "redo of the column");
console.log("undo and redo");

// 5. Behind the page's back: another program changes the file.
await new Promise((r) => setTimeout(r, 400)); // let the last save settle
writeFileSync(file, onDisk().replace("2025年浏览器改的标题", "别的程序改的标题"));
await b.until("document.getElementById('f-title').value === '别的程序改的标题'", "the form to load the file's new title");
await b.until(preview + ".includes('别的程序改的标题')", "the preview to show the file's new title");
if (!onDisk().includes("别的程序改的标题")) await b.fail("the page overwrote the other program's change");
console.log("reloaded a change made behind its back");

// 6. Both sides change: the page's save is held on its way (DevTools' Fetch
// domain) while another program writes the file; the page says so, and keeping
// its version puts the other program's beside the file.
let held = [];
b.on((msg) => {
  if (msg.method !== "Fetch.requestPaused") return;
  const { requestId, request } = msg.params;
  if (held && request.method === "POST") held.push(requestId);
  else b.send("Fetch.continueRequest", { requestId });
});
await b.send("Fetch.enable", { patterns: [{ urlPattern: "*/api/doc/*" }] });
await b.eval("{ const t = document.getElementById('f-subtitle'); t.focus(); t.select(); } true");
await type("（网页上改的副标题）");
for (const end = Date.now() + 15000; !held.length; await new Promise((r) => setTimeout(r, 20))) {
  if (Date.now() > end) await b.fail("the page sent no save");
}
writeFileSync(file, onDisk().replace("别的程序改的标题", "两边都改的标题"));
const release = held;
held = null;
for (const requestId of release) await b.send("Fetch.continueRequest", { requestId });
await b.until("!document.getElementById('conflict').hidden", "the conflict to be shown");
await b.send("Fetch.disable");
await b.shot(join(shots, "editor-conflict.png"));
await click("document.getElementById('keep-mine')");
await diskHas("（网页上改的副标题）", "keep mine");
const beside = join(docs, "school-plan.conflict-1.toml");
await b.until(`document.getElementById('status').textContent.includes('conflict-1')`, "the status to name the copy");
if (!readFileSync(beside, "utf8").includes("两边都改的标题")) await b.fail("the other program's version was not kept beside");
console.log("conflict shown and resolved, the other version kept beside");

for (const doc of ["school-summary", "union-plans-collection"]) {
  await b.go(base + "/edit/" + doc);
  await ready();
  await b.until(preview + ".length > 100", "the preview of " + doc);
  await new Promise((r) => setTimeout(r, 300));
  await b.shot(join(shots, "editor-" + doc + ".png"));
}
await b.checkPolicy();
console.log("editor test passed");
b.stop();
process.exit(0);
