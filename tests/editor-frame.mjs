// The 公文 form of the browser editor in headless Chromium (1366 × 768):
//
//   node --experimental-websocket tests/editor-frame.mjs CHROMIUM BASE_URL DOCS_DIR SHOTS_DIR
//
// On school-plan: opens the 版头 group, types a 发文字号 and a 发文机关标志, types
// the 主送机关, ticks 加盖印章, opens the 版记 group and picks an 印发日期; checks
// each reaches the file on disk as the TOML the format documents ([masthead]
// number, addressee, seal = true, [imprint] printed_on as a date) and the red
// 标志 the preview; then empties the 发文字号 and 标志 and checks the [masthead]
// table goes with them. Saves a screenshot of the form. Exits non-zero on any
// failure. Used by tests/it/editor_frame.rs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./cdp.mjs";

const [chromium, base, docs, shots] = process.argv.slice(2);
const b = await launch(chromium, { width: 1366, height: 768, timeout: 90000 });
const file = join(docs, "school-plan.toml");
const onDisk = () => readFileSync(file, "utf8");
const preview = "(document.getElementById('preview').contentDocument?.body?.innerHTML || '')";

async function disk(test, what) {
  const end = Date.now() + 15000;
  while (!test(onDisk())) {
    if (Date.now() > end) await b.fail(what + ":\n" + onDisk());
    await new Promise((r) => setTimeout(r, 50));
  }
}
const type = (text) => b.send("Input.insertText", { text });
const focus = (id) => b.eval(`{ const e = document.getElementById(${JSON.stringify(id)}); e.scrollIntoView(); e.focus(); e.select && e.select(); } true`);
const clear = async (id) => {
  await focus(id);
  await b.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Delete", code: "Delete", windowsVirtualKeyCode: 46 });
  await b.send("Input.dispatchKeyEvent", { type: "keyUp", key: "Delete", code: "Delete", windowsVirtualKeyCode: 46 });
};

await b.go(base + "/edit/school-plan");
await b.until("document.documentElement.dataset.wengaoEditor === 'ready'", "the editor to load");
if (onDisk().includes("[masthead]")) await b.fail("the sample has a [masthead] already");

// The 版头 group is closed on a document without one; a click opens it.
await b.eval("document.querySelector('.frame-masthead summary').click(), true");
await b.until("document.querySelector('.frame-masthead').open", "the 版头 group to open");
await focus("f-masthead-number");
await type("×教工〔2025〕3号");
await disk((t) => /\[masthead\]\s*\nnumber = "×教工〔2025〕3号"/.test(t), "the 发文字号 in [masthead]");
await focus("f-masthead-issuer");
await type("××区教育工会文件");
await disk((t) => t.includes('issuer = "××区教育工会文件"'), "the 发文机关标志");
console.log("发文字号 and 标志 saved");

await focus("f-addressee");
await type("各中小学工会");
await disk((t) => /^addressee = "各中小学工会"$/m.test(t), "the 主送机关");
await b.eval("document.getElementById('f-seal').click(), true");
await disk((t) => /^seal = true$/m.test(t), "the seal");
console.log("主送 and seal saved");

await b.eval("document.querySelector('.frame-imprint summary').click(), true");
await b.eval(`{ const e = document.getElementById('f-imprint-printed_on'); e.value = '2025-01-06'; e.dispatchEvent(new Event('input')); } true`);
await disk((t) => /\[imprint\]\s*\nprinted_on = 2025-01-06$/m.test(t), "the 印发日期 as a TOML date");
await b.until(preview + ".includes('class=\"masthead\"') && " + preview + ".includes('各中小学工会：')", "the frame in the preview");
await b.shot(join(shots, "editor-frame.png"));
console.log("版记 saved, the preview shows the frame");

// Emptied again, the table goes: the file is as wengao's format expects.
await clear("f-masthead-number");
await clear("f-masthead-issuer");
await disk((t) => !t.includes("[masthead]") && !t.includes("number ="), "the emptied [masthead] removed");
console.log("editor frame test passed");
b.stop();
process.exit(0);
