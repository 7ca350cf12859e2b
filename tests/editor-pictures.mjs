// Pictures in the browser editor, in headless Chromium (1366 × 768):
//
//   node --experimental-websocket tests/editor-pictures.mjs CHROMIUM BASE_URL DOCS_DIR PHOTOS_DIR
//
// On school-summary: puts the caret at the end of the 经验体会 section's text,
// chooses 开幕式.jpg with the 插入图片 file picker, then drops 拔河.jpg and 合影.jpg
// together on the same text area (a real drag of files, through the DevTools
// protocol). Checks that each Markdown image reaches the TOML on disk (the two
// dropped side by side), the files are stored in docs/school-summary/, and the
// preview beside the form shows the three pictures, the dropped two as one row.
// The console shows no Content-Security-Policy violation. Used by
// tests/it/editor_pictures.rs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./cdp.mjs";

const [chromium, base, docs, photos] = process.argv.slice(2);
const b = await launch(chromium, { width: 1366, height: 768, timeout: 90000 });
const file = join(docs, "school-summary.toml");
const preview = "document.getElementById('preview').contentDocument";
const area = `document.querySelector('textarea[data-path="section/1/text"]')`;
b.state = async () => (await b.eval("document.getElementById('status').textContent")) + "\n" + readFileSync(file, "utf8").split("经验体会")[1]?.slice(0, 400);

async function diskHas(text, what) {
  const end = Date.now() + 15000;
  while (!readFileSync(file, "utf8").includes(text)) {
    if (Date.now() > end) await b.fail(what + ": the file lacks " + JSON.stringify(text));
    await new Promise((r) => setTimeout(r, 50));
  }
}

await b.go(base + "/edit/school-summary");
await b.until("document.documentElement.dataset.wengaoEditor === 'ready'", "the editor to load");
await b.until(`${preview}?.body?.innerText.includes('经验体会')`, "the preview");
await b.eval(`{ const t = ${area}; t.focus(); t.setSelectionRange(t.value.length, t.value.length); } true`);

// 1. The file picker.
await b.send("DOM.enable");
const picker = await b.send("Runtime.evaluate", {
  expression: `document.querySelector('input[type=file][data-picker="section/1/text"]')`,
});
if (!picker.result.result.objectId) await b.fail("no file picker beside the section's text");
await b.send("DOM.setFileInputFiles", { files: [join(photos, "开幕式.jpg")], objectId: picker.result.result.objectId });
await diskHas("![](school-summary/开幕式.jpg)", "the picked picture");
if (!existsSync(join(docs, "school-summary", "开幕式.jpg"))) await b.fail("开幕式.jpg is not beside the document");
await b.until(`${preview}.querySelectorAll('img[src^="data:image/jpeg"]').length === 1`, "the preview to show the picked picture");
console.log("file picker: stored, inserted, previewed");

// 2. Two files dropped on the text area: one row.
const [x, y] = await b.eval(`{ const r = ${area}.getBoundingClientRect(); [r.x + r.width / 2, r.y + r.height / 2] }`);
const data = { items: [], files: [join(photos, "拔河.jpg"), join(photos, "合影.jpg")], dragOperationsMask: 1 };
await b.send("Input.setInterceptDrags", { enabled: false });
for (const type of ["dragEnter", "dragOver", "drop"]) {
  await b.send("Input.dispatchDragEvent", { type, x, y, data });
}
await diskHas("![](school-summary/开幕式.jpg)\n\n![](school-summary/拔河.jpg) ![](school-summary/合影.jpg)", "the dropped pictures, a paragraph of their own");
await b.until(`${preview}.querySelectorAll('.picture-row img').length === 2 && ${preview}.querySelectorAll('img').length === 3`,
  "the preview to show the dropped pair as a row");
await b.shot(join(photos, "editor-pictures.png"));
console.log("drop: stored, inserted side by side, previewed as a row");

await b.checkPolicy();
console.log("editor pictures test passed");
b.stop();
process.exit(0);
