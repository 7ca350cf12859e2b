// wengao index: reloads when the site's generation (the script tag's
// data-generation) changes; when editing is on (the #start panel), 新建 (a
// starter of `wengao new`) and 导入 (a .docx, .md or .txt through the importer),
// each making a new TOML beside the others and opening it in the editor. Never
// overwrites: a taken name is an error shown here.
"use strict";
(function () {
  const generation = document.currentScript.dataset.generation;
  new EventSource("/__events").addEventListener("reload", (e) => { if (e.data !== generation) location.reload(); });
  if (!document.getElementById("start")) return;
  const token = document.querySelector('meta[name="wengao-token"]').content;
  const message = document.getElementById("start-message");
  const open = (key) => { location.href = "/edit/" + key.split("/").map(encodeURIComponent).join("/"); };
  const answer = async (r) => {
    const body = await r.json().catch(() => ({ error: "服务器没有回答" }));
    if (r.ok && body.key) open(body.key); else message.textContent = body.error || String(r.status);
  };
  document.getElementById("new-go").addEventListener("click", async () => {
    const name = document.getElementById("new-name").value.trim();
    if (!name) { message.textContent = "请先写一个文件名"; return; }
    const kind = document.getElementById("new-kind").value;
    answer(await fetch("/api/new", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Wengao-Token": token },
      body: JSON.stringify({ kind, name }),
    }));
  });
  document.getElementById("new-name").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing) document.getElementById("new-go").click();
  });
  document.getElementById("import-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    message.textContent = "导入中…";
    answer(await fetch("/api/import?name=" + encodeURIComponent(file.name), {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "X-Wengao-Token": token },
      body: file,
    }));
  });
})();
