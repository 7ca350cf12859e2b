// wengao editor: pictures. A Markdown text field (a section's 正文, a 前言) gets
// an 插入图片 button (a file picker) and takes picture files dropped on it. Each
// file goes to POST /api/picture/KEY, which stores it beside the document
// (`plan.toml` → `plan/photo.jpg`, never over another file) and answers with its
// Markdown, `![](plan/photo.jpg)`; that goes into the text at the cursor, as a
// paragraph of its own (several files at once go in side by side, one paragraph:
// one row of a 照片选编 page), and the form
// saves as after any edit — the preview then shows the picture. Loaded before
// editor.js, which calls `wengaoPictures(helpers)` and gets back `attach(wrap,
// input)` for each such field.
"use strict";
window.wengaoPictures = function ({ el, key, token, form, setAt, snapshot, changed, grow, setStatus }) {
  const api = "/api/picture/" + key.split("/").map(encodeURIComponent).join("/");
  const TYPES = "image/jpeg,image/png,image/gif,image/webp,image/bmp";

  // Uploads `files` one after another; their Markdown goes in where the caret of
  // the field at `path` was (the field may have been drawn anew meanwhile).
  async function add(files, input) {
    const list = [...files];
    if (!list.length) return;
    const path = input.dataset.path;
    const [start, end] = [input.selectionStart, input.selectionEnd];
    const added = [];
    for (const file of list) {
      setStatus("上传图片 " + file.name + "…", "pending");
      const r = await fetch(api + "?name=" + encodeURIComponent(file.name), {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream", "X-Wengao-Token": token },
        body: file,
      }).catch(() => null);
      const body = r ? await r.json().catch(() => ({})) : {};
      if (!r || r.status !== 200) {
        setStatus("图片没有加上：" + (body.error || (r ? r.status : "连不上 wengao serve")), "bad");
        break;
      }
      added.push(body.markdown);
    }
    if (!added.length) return;
    const field = form.querySelector('[data-path="' + CSS.escape(path) + '"]') || input;
    const value = field.value, at = Math.min(start, value.length);
    const before = value.slice(0, at), after = value.slice(Math.min(Math.max(end, at), value.length));
    // A paragraph of its own: next to a picture already there it would join its row.
    const gap = (side) => (side === "" || side.startsWith("\n\n") ? "" : side.startsWith("\n") ? "\n" : "\n\n");
    const text = gap([...before].reverse().join("")) + added.join(" ") + gap(after);
    snapshot();
    field.value = before + text + after;
    setAt(path, field.value);
    field.focus();
    field.setSelectionRange(at + text.length, at + text.length);
    grow(field);
    changed();
  }

  function attach(wrap, input) {
    const picker = el("input", { type: "file", accept: TYPES, multiple: "", hidden: "", "data-picker": input.dataset.path });
    picker.addEventListener("change", () => { add(picker.files, input); picker.value = ""; });
    const button = el("button", { type: "button", class: "small picture", tabindex: "-1", title: "选一张或几张照片，存到文稿旁的文件夹里，并在光标处插入（也可以把照片拖到文字框里）" }, "插入图片…");
    button.addEventListener("click", () => picker.click());
    const files = (e) => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
    input.addEventListener("dragover", (e) => { if (files(e)) { e.preventDefault(); input.classList.add("drop"); } });
    input.addEventListener("dragleave", () => input.classList.remove("drop"));
    input.addEventListener("drop", (e) => {
      input.classList.remove("drop");
      if (!files(e)) return;
      e.preventDefault();
      add(e.dataTransfer.files, input);
    });
    wrap.append(el("div", { class: "picture-tools" }), picker);
    wrap.querySelector(".picture-tools").append(button);
  }

  return { attach };
};
