// wengao editor: the form of one document beside its printed preview.
//
// The page holds the document's model (the TOML's tables as JSON, from
// GET /api/doc/KEY), draws a form from it, and saves the whole model back
// (POST /api/doc/KEY) 250 ms after the last keystroke; the server writes only
// what changed into the file and answers with the file's new version, the
// heading numbers wengao prints and every diagnostic by field. When the server
// has rebuilt the document, its page (the preview, an iframe) loads anew
// behind the one shown and takes its place once it has its fonts. Undo/redo
// keep snapshots of the model. When the file changes on disk, the form reloads
// it, or — if both changed — asks which to keep.
"use strict";
(function () {
  const token = document.querySelector('meta[name="wengao-token"]').content;
  const key = document.querySelector('meta[name="wengao-key"]').content;
  const form = document.getElementById("form");
  const statusEl = document.getElementById("status");
  const conflictEl = document.getElementById("conflict");
  const api = "/api/doc/" + key.split("/").map(encodeURIComponent).join("/");

  let model = null;        // the document as JSON
  let version = "";        // the file version the model was saved to / loaded from
  let numbers = {};        // path → printed number
  let problems = [];       // [{field, message, help, error}]
  let dirty = false;       // edits not yet sent
  let saving = false;      // a save in flight
  let timer = 0;
  let edits = 0;           // changes made in the page, ever
  const undo = [], redo = [];
  let lastSnapshotAt = 0, lastSnapshotField = "";

  const MAX_DEPTH = 4;

  // ------------------------------------------------------------------ model paths
  const parts = (path) => path.split("/").filter((p) => p !== "").map((p) => (/^\d+$/.test(p) ? +p : p));
  function getAt(path) {
    let node = model;
    for (const p of parts(path)) { if (node == null) return undefined; node = node[p]; }
    return node;
  }
  function setAt(path, value) {
    const ps = parts(path), last = ps.pop();
    let node = model;
    for (const p of ps) node = node[p];
    if (value === undefined) { if (Array.isArray(node)) node.splice(last, 1); else delete node[last]; }
    else node[last] = value;
  }

  // ------------------------------------------------------------------ history
  function snapshot(field) {
    const now = Date.now();
    // Typing in one field is one step until a pause of a second.
    if (field && field === lastSnapshotField && now - lastSnapshotAt < 1000) { lastSnapshotAt = now; return; }
    lastSnapshotField = field || ""; lastSnapshotAt = now;
    undo.push(JSON.stringify(model));
    if (undo.length > 200) undo.shift();
    redo.length = 0;
  }
  function travel(from, to) {
    if (!from.length) return;
    to.push(JSON.stringify(model));
    model = JSON.parse(from.pop());
    lastSnapshotField = "";
    render();
    changed();
  }

  // ------------------------------------------------------------------ saving
  function setStatus(text, kind) { statusEl.textContent = text; statusEl.className = kind || ""; }
  function changed() { dirty = true; edits++; setStatus("未保存", "pending"); clearTimeout(timer); timer = setTimeout(save, 250); }

  async function post(body, closing) {
    const json = JSON.stringify(body);
    const r = await fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Wengao-Token": token },
      body: json,
      // A save as the page closes still arrives (browsers allow 64 KB so).
      keepalive: !!closing && json.length < 60000,
    });
    return { status: r.status, body: await r.json().catch(() => ({ error: "服务器没有回答" })) };
  }

  // The server's answer (a document's state, or a save's): its version, model,
  // heading numbers and problems become the page's.
  function adopt(body) {
    version = body.version; model = body.model; numbers = body.numbers || {}; problems = body.problems || [];
  }

  async function save(resolve, closing) {
    if (saving) { clearTimeout(timer); timer = setTimeout(() => save(resolve, closing), 100); return; }
    if (!dirty && !resolve) return;
    saving = true; dirty = false;
    setStatus("保存中…", "pending");
    try {
      const r = await post({ version, doc: model, resolve: resolve || null }, closing);
      if (r.status === 409) { showConflict(r.body); return; }
      if (r.status !== 200) { setStatus("没有保存：" + (r.body.error || r.status), "bad"); dirty = true; return; }
      conflictEl.hidden = true;
      if (resolve === "disk") { adopt(r.body); render(); } else { adopt({ ...r.body, model }); showNumbers(); showProblems(); }
      const note = r.body.beside ? "；另一版本存为 " + r.body.beside.split("/").pop() : "";
      setStatus((problems.some((p) => p.error) ? "已保存（有错误）" : "已保存") + note, problems.some((p) => p.error) ? "bad" : "ok");
    } catch (e) {
      dirty = true; setStatus("没有保存：连不上 wengao serve", "bad");
    } finally {
      saving = false;
    }
  }

  async function load(replace) {
    const r = await fetch(api, { cache: "no-store" }).catch(() => null);
    const body = r ? await r.json().catch(() => ({})) : {};
    if (!r || r.status !== 200) { setStatus(body.error || "载入失败：连不上 wengao serve", "bad"); return null; }
    if (replace) {
      adopt(body);
      render();
      setStatus(problems.some((p) => p.error) ? "有错误" : "已保存", problems.some((p) => p.error) ? "bad" : "ok");
    }
    return body;
  }

  // The file changed on disk (another program, or this page's own save).
  async function onDiskChange() {
    if (saving) return;
    const edited = edits;
    const body = await fetch(api, { cache: "no-store" }).then((r) => r.json()).catch(() => null);
    // A save may have started, or the user typed, while the state was on its way.
    if (!body || saving || body.version === version) return;
    if (!dirty && edits === edited) {
      if (model) { undo.push(JSON.stringify(model)); redo.length = 0; }
      adopt(body);
      render();
      setStatus("已载入磁盘上的新版本", "ok");
    } else {
      showConflict(body);
    }
  }

  function showConflict(body) {
    clearTimeout(timer);
    dirty = true;
    setStatus("冲突", "bad");
    conflictEl.hidden = false;
    conflictEl.textContent = "";
    const p = el("p", null, "这个文件在别处也改过了（另一个编辑器或程序）。要保留哪一版？另一版会另存为 名称.conflict-N.toml，不会丢失。");
    const mine = el("button", { type: "button", id: "keep-mine" }, "保留我在这里的修改");
    const disk = el("button", { type: "button", id: "keep-disk" }, "使用磁盘上的版本");
    mine.onclick = () => save("mine");
    disk.onclick = () => save("disk");
    conflictEl.append(p, mine, disk);
  }

  // ------------------------------------------------------------------ drawing
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "dataset") Object.assign(e.dataset, v); else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function grow(t) { t.style.height = "auto"; t.style.height = t.scrollHeight + 2 + "px"; }

  // A text field bound to a path. `optional`: an empty field removes the key.
  function field(label, path, opts = {}) {
    const id = "f-" + path.replace(/\//g, "-");
    const wrap = el("div", { class: "field" + (opts.cls ? " " + opts.cls : "") });
    if (label) wrap.append(el("label", { for: id }, label));
    const value = getAt(path);
    let input;
    if (opts.multiline) {
      input = el("textarea", { id, rows: opts.rows || 2, placeholder: opts.placeholder || "" });
      input.value = value == null ? "" : String(value);
      input.addEventListener("input", () => grow(input));
      requestAnimationFrame(() => grow(input));
    } else {
      input = el("input", { id, type: opts.type || "text", placeholder: opts.placeholder || "" });
      input.value = value == null ? "" : String(value);
    }
    input.dataset.path = path;
    input.addEventListener("input", () => {
      snapshot(path);
      const v = input.value;
      if (v === "" && opts.optional) setAt(path, undefined); else setAt(path, v);
      changed();
    });
    if (opts.onEnter) input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing && !e.shiftKey) { e.preventDefault(); opts.onEnter(); }
    });
    wrap.append(input, el("div", { class: "problem", "data-for": path }));
    if (opts.pictures) pictures.attach(wrap, input);
    return wrap;
  }

  function button(text, title, onclick, cls) {
    const b = el("button", { type: "button", title, class: cls || "" }, text);
    b.addEventListener("click", () => { snapshot(); onclick(); render(); changed(); });
    return b;
  }

  // The 文种与版式 panel and the schedule's column names (editor-settings.js).
  const { settings, column, official, frame } = window.wengaoSettings({
    el, getAt, setAt, snapshot, changed, problems: () => problems,
  });

  // 插入图片 and dropped photos on the Markdown fields (editor-pictures.js).
  const pictures = window.wengaoPictures({ el, key, token, form, setAt, snapshot, changed, grow, setStatus });

  // Keeps focus and caret across a redraw.
  function render() {
    const active = document.activeElement;
    const focus = active && active.dataset && active.dataset.path;
    const sel = focus && active.selectionStart != null ? [active.selectionStart, active.selectionEnd] : null;
    const focusAfter = render.focusPath; render.focusPath = null;
    form.textContent = "";
    if (!model) {
      form.append(el("p", { class: "broken" }, "这个文件现在不是正确的 TOML，表单无法显示。请在文本编辑器中改正下面的错误，改好后这里会自动载入。"));
      form.append(el("div", { class: "problem", "data-for": "" }));
      showProblems();
      return;
    }
    const isCollection = Array.isArray(model.part);
    form.append(docFields("", isCollection), settings(isCollection), ...frame());
    if (isCollection) {
      const box = el("section", { class: "parts" });
      box.append(el("h2", null, "各篇"));
      model.part.forEach((part, i) => box.append(partBox(i)));
      box.append(button("＋ 新的一篇", "在最后加一篇", () => { model.part.push({ title: "" }); render.focusPath = "part/" + (model.part.length - 1) + "/title"; }, "add"));
      form.append(box);
    } else {
      form.append(body(""));
    }
    const general = el("div", { class: "problem general", "data-for": "" });
    form.prepend(general);
    showNumbers();
    showProblems();
    const target = focusAfter || focus;
    if (target) {
      const e = form.querySelector('[data-path="' + CSS.escape(target) + '"]');
      if (e) { e.focus(); if (!focusAfter && sel && e.setSelectionRange) try { e.setSelectionRange(sel[0], sel[1]); } catch (_) {} }
    }
  }

  // Title, subtitle, organization, date, preface of the document or of a part.
  function docFields(prefix, isCollection) {
    const box = el("section", { class: "head" });
    box.append(field("标题（可分行）", prefix + "title", { multiline: true, rows: 1, cls: "title" }));
    box.append(field("副标题", prefix + "subtitle", { optional: true, placeholder: "（可不填）" }));
    const row = el("div", { class: "row" });
    row.append(field("发文单位（落款）", prefix + "organization", { optional: true }));
    row.append(field("成文日期", prefix + "date", { optional: true, type: "date" }));
    box.append(row);
    box.append(field(isCollection ? "汇总前言" : "前言（标题后的段落，可用 Markdown）", prefix + "preface", { multiline: true, optional: true, rows: 2, pictures: true }));
    box.append(official(prefix));
    return box;
  }

  // Sections, schedule and attachments of the document or of a part.
  function body(prefix) {
    const box = el("div", { class: "body" });
    box.append(el("h2", null, "正文各节"));
    box.append(sectionList(prefix, 1));
    box.append(button("＋ 一级标题", "加一个一级标题（一、）", () => {
      const list = ensureList(prefix + "section");
      list.push({ title: "" });
      render.focusPath = prefix + "section/" + (list.length - 1) + "/title";
    }, "add"));
    box.append(schedule(prefix));
    box.append(attachments(prefix));
    return box;
  }

  // Entries i and j of a list change places (↑ ↓); false when j is outside it.
  function swap(list, i, j) {
    if (j < 0 || j >= list.length) return false;
    [list[i], list[j]] = [list[j], list[i]];
    return true;
  }

  function ensureList(path) {
    let list = getAt(path);
    if (!Array.isArray(list)) { list = []; setAt(path, list); }
    return list;
  }
  function parentList(path) { // "a/section/3" → ["a/section", 3]
    const i = path.lastIndexOf("/");
    return [path.slice(0, i), +path.slice(i + 1)];
  }
  function depthOf(path) { return (path.match(/(^|\/)section\//g) || []).length; }

  function sectionList(prefix, level) {
    const list = getAt(prefix + "section");
    const ol = el("div", { class: "sections level-" + level });
    (Array.isArray(list) ? list : []).forEach((_, i) => ol.append(sectionBox(prefix + "section/" + i, level)));
    return ol;
  }

  function sectionBox(path, level) {
    const box = el("div", { class: "section" + (level > MAX_DEPTH ? " too-deep" : "") });
    const head = el("div", { class: "section-head" });
    head.append(el("span", { class: "num", "data-num": path }, ""));
    const title = field(null, path + "/title", { cls: "section-title", placeholder: "标题（不写编号，wengao 自动编号）" });
    head.append(title);
    const [listPath, index] = parentList(path);
    const list = getAt(listPath);
    const moves = {
      ArrowUp: () => { if (swap(list, index, index - 1)) render.focusPath = listPath + "/" + (index - 1) + "/title"; },
      ArrowDown: () => { if (swap(list, index, index + 1)) render.focusPath = listPath + "/" + (index + 1) + "/title"; },
      ArrowLeft: () => outdent(path),
      ArrowRight: () => indent(path),
    };
    // The buttons are for the mouse; from the keyboard: Alt+arrows move the
    // section, Enter in its title adds the next one (Tab goes title → text → items).
    const tools = el("span", { class: "tools" });
    tools.append(
      button("↑", "上移（Alt+↑）", moves.ArrowUp),
      button("↓", "下移（Alt+↓）", moves.ArrowDown),
      button("←", "升一级（Alt+←）", moves.ArrowLeft),
      button("→", "降一级，成为上一节的小节（Alt+→）", moves.ArrowRight),
      button("＋小节", "在这一节下加一个小节", () => {
        const sub = ensureList(path + "/section");
        sub.push({ title: "" });
        render.focusPath = path + "/section/" + (sub.length - 1) + "/title";
      }),
      button("✕", "删除这一节（可撤销）", () => { list.splice(index, 1); if (!list.length) setAt(listPath, undefined); }, "danger"),
    );
    tools.querySelectorAll("button").forEach((b) => b.setAttribute("tabindex", "-1"));
    const input = title.querySelector("input");
    input.addEventListener("keydown", (e) => {
      const move = e.altKey && !e.ctrlKey && moves[e.key];
      const add = e.key === "Enter" && !e.isComposing && !e.altKey && !e.ctrlKey;
      if (!move && !add) return;
      e.preventDefault();
      snapshot();
      if (move) move();
      else { list.splice(index + 1, 0, { title: "" }); render.focusPath = listPath + "/" + (index + 1) + "/title"; }
      render();
      changed();
    });
    head.append(tools);
    box.append(head);
    box.append(field(null, path + "/text", { multiline: true, optional: true, pictures: true, placeholder: "正文（可不填；空一行分段，可用 Markdown；可拖入照片）" }));
    box.append(items(path + "/items", "要点（回车加下一条）"));
    box.append(sectionList(path + "/", level + 1));
    return box;
  }

  function indent(path) {
    const [listPath, index] = parentList(path);
    if (index === 0) return;
    const list = getAt(listPath);
    const [moved] = list.splice(index, 1);
    const target = ensureList(listPath + "/" + (index - 1) + "/section");
    target.push(moved);
    render.focusPath = listPath + "/" + (index - 1) + "/section/" + (target.length - 1) + "/title";
  }

  function outdent(path) {
    if (depthOf(path) < 2) return;
    const [listPath, index] = parentList(path);
    const parentPath = listPath.slice(0, listPath.lastIndexOf("/section"));
    const [grandList, parentIndex] = parentList(parentPath);
    const list = getAt(listPath);
    const [moved] = list.splice(index, 1);
    if (!list.length) setAt(listPath, undefined);
    getAt(grandList).splice(parentIndex + 1, 0, moved);
    render.focusPath = grandList + "/" + (parentIndex + 1) + "/title";
  }

  // A list of one-line strings; Enter adds the next one.
  function items(path, label) {
    const box = el("div", { class: "items" });
    const list = getAt(path);
    const add = (at) => {
      const l = ensureList(path);
      l.splice(at, 0, "");
      render.focusPath = path + "/" + at;
    };
    (Array.isArray(list) ? list : []).forEach((_, i) => {
      const row = el("div", { class: "item" });
      row.append(el("span", { class: "bullet" }, (i + 1) + "."));
      row.append(field(null, path + "/" + i, { multiline: true, rows: 1, onEnter: () => { snapshot(); add(i + 1); render(); changed(); } }));
      row.append(button("✕", "删除这一条", () => { const l = getAt(path); l.splice(i, 1); if (!l.length) setAt(path, undefined); }, "danger"));
      box.append(row);
    });
    box.append(button("＋ " + label, "加一条", () => add((getAt(path) || []).length), "add small"));
    return box;
  }

  function schedule(prefix) {
    const box = el("div", { class: "schedule" });
    box.append(el("h2", null, "月份工作安排"));
    const sched = getAt(prefix + "schedule");
    if (!sched) {
      box.append(button("＋ 加月份工作安排表", "加一个按月份的工作安排", () => setAt(prefix + "schedule", { entry: [{ when: "", items: [""] }] }), "add"));
      return box;
    }
    box.append(field("表题", prefix + "schedule/title", { optional: true, placeholder: "例如 附：2025年工作安排" }));
    const table = el("table");
    table.append(el("tr", null), el("tbody"));
    table.firstChild.append(column(sched, prefix, 0), column(sched, prefix, 1), el("th", null, ""));
    const entries = Array.isArray(sched.entry) ? sched.entry : [];
    entries.forEach((entry, i) => {
      const path = prefix + "schedule/entry/" + i;
      const tr = el("tr");
      const when = field(null, path + "/when", { placeholder: "二月" });
      const td1 = el("td"); td1.append(when);
      const td2 = el("td");
      const area = el("textarea", { rows: 2, "data-path": path + "/items", id: "f-" + path.replace(/\//g, "-") + "-items", placeholder: "每行一条" });
      area.value = (entry.items || []).join("\n");
      area.addEventListener("input", () => {
        snapshot(path + "/items");
        const lines = area.value.split("\n");
        entry.items = lines;
        grow(area); changed();
      });
      area.addEventListener("blur", () => { const kept = (entry.items || []).filter((l) => l.trim() !== ""); if (kept.length !== (entry.items || []).length) { entry.items = kept; changed(); } });
      requestAnimationFrame(() => grow(area));
      td2.append(area, el("div", { class: "problem", "data-for": path + "/items" }));
      const td3 = el("td", { class: "tools" });
      td3.append(
        button("↑", "上移", () => swap(entries, i, i - 1)),
        button("↓", "下移", () => swap(entries, i, i + 1)),
        button("✕", "删除这个月份", () => entries.splice(i, 1), "danger"),
      );
      tr.append(td1, td2, td3);
      table.lastChild.append(tr);
    });
    box.append(table);
    box.append(button("＋ 月份", "在表的最后加一个月份", () => {
      if (!Array.isArray(sched.entry)) sched.entry = [];
      sched.entry.push({ when: "", items: [""] });
      render.focusPath = prefix + "schedule/entry/" + (sched.entry.length - 1) + "/when";
    }, "add"));
    box.append(button("删除整个安排表", "删除月份工作安排（可撤销）", () => setAt(prefix + "schedule", undefined), "danger small"));
    return box;
  }

  function attachments(prefix) {
    const box = el("div", { class: "attachments" });
    box.append(el("h2", null, "附件"));
    const list = getAt(prefix + "attachment");
    (Array.isArray(list) ? list : []).forEach((_, i) => {
      const row = el("div", { class: "item" });
      row.append(el("span", { class: "bullet" }, (i + 1) + "."));
      row.append(field(null, prefix + "attachment/" + i + "/title", { placeholder: "附件名称" }));
      row.append(button("✕", "删除这个附件", () => { list.splice(i, 1); if (!list.length) setAt(prefix + "attachment", undefined); }, "danger"));
      box.append(row);
    });
    box.append(button("＋ 附件", "加一个附件", () => {
      const l = ensureList(prefix + "attachment");
      l.push({ title: "" });
      render.focusPath = prefix + "attachment/" + (l.length - 1) + "/title";
    }, "add small"));
    return box;
  }

  function partBox(i) {
    const path = "part/" + i;
    const box = el("details", { class: "part", open: "" });
    const summary = el("summary");
    summary.append(el("span", { class: "num", "data-num": path }, ""), el("span", { class: "part-name" }, (model.part[i].title || "（未命名）").split("\n")[0]));
    const tools = el("span", { class: "tools" });
    const list = model.part;
    tools.append(
      button("↑", "上移这一篇", () => swap(list, i, i - 1)),
      button("↓", "下移这一篇", () => swap(list, i, i + 1)),
      button("✕", "删除这一篇（可撤销）", () => list.splice(i, 1), "danger"),
    );
    summary.append(tools);
    box.append(summary, docFields(path + "/", false), body(path + "/"));
    return box;
  }

  function showNumbers() {
    form.querySelectorAll("[data-num]").forEach((e) => { e.textContent = numbers[e.dataset.num] || ""; });
  }

  function showProblems() {
    form.querySelectorAll(".problem").forEach((e) => { e.textContent = ""; });
    form.querySelectorAll(".has-problem").forEach((e) => e.classList.remove("has-problem"));
    for (const p of problems) {
      // The field itself, else its nearest shown ancestor, else the top.
      let path = p.field, target = null;
      while (true) {
        target = form.querySelector('.problem[data-for="' + CSS.escape(path) + '"]');
        if (target || path === "") break;
        path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
        if (/\/\d+$/.test(path) || /section$|entry$|part$|attachment$/.test(path)) {
          const t = form.querySelector('.problem[data-for="' + CSS.escape(path + "/title") + '"]');
          if (t) { target = t; break; }
        }
      }
      if (!target) continue;
      const line = el("div", { class: p.error ? "error" : "warning" }, (p.error ? "错误：" : "提醒：") + p.message + (p.help ? "（" + p.help + "）" : ""));
      target.append(line);
      const input = form.querySelector('[data-path="' + CSS.escape(target.dataset.for) + '"]');
      if (input && p.error) input.classList.add("has-problem");
    }
  }

  // ------------------------------------------------------------------ the preview follows
  // A field's level-1 heading (or 篇, or schedule) is scrolled into the preview's
  // view: the built-in template's anchors are s-N, pian-P and pian-P-N.
  function previewTarget(path) {
    const m = path.match(/^(?:part\/(\d+)\/)?(?:section\/(\d+)|(schedule))?/);
    const [, part, section, schedule] = m;
    const doc = document.getElementById("preview").contentDocument;
    if (!doc) return null;
    if (schedule) {
      const tables = doc.querySelectorAll("table.schedule");
      return tables[part === undefined ? 0 : Math.min(+part, tables.length - 1)] || null;
    }
    const id = part === undefined
      ? (section === undefined ? null : "s-" + (+section + 1))
      : "pian-" + (+part + 1) + (section === undefined ? "" : "-" + (+section + 1));
    return id ? doc.getElementById(id) : null;
  }
  let followed = "";
  form.addEventListener("focusin", (e) => {
    const path = e.target.dataset && e.target.dataset.path;
    if (!path) return;
    const target = previewTarget(path);
    const key = target ? target.id || target.tagName + path.split("/")[1] : "";
    if (target && key !== followed) { followed = key; target.scrollIntoView({ block: "start" }); }
  });

  // ------------------------------------------------------------------ keys, events
  document.getElementById("undo").onclick = () => travel(undo, redo);
  document.getElementById("redo").onclick = () => travel(redo, undo);
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === "z" && !e.shiftKey) { e.preventDefault(); travel(undo, redo); }
    else if (k === "y" || (k === "z" && e.shiftKey)) { e.preventDefault(); travel(redo, undo); }
    else if (k === "s") { e.preventDefault(); clearTimeout(timer); save(); }
  });
  window.addEventListener("beforeunload", (e) => {
    if (dirty || saving) { clearTimeout(timer); save(undefined, true); e.preventDefault(); }
  });

  // The new preview loads behind the one shown, at its scroll position, and
  // takes its place when ready: no blank frame while it loads.
  let pending = null;
  function reloadPreview() {
    const shown = document.getElementById("preview");
    if (pending) pending.remove();
    const next = pending = el("iframe", { title: shown.title, class: "loading", src: shown.src });
    next.style.width = shown.offsetWidth + "px";
    // Shown once loaded with its fonts: no text flashes in a stand-in face.
    next.addEventListener("load", () => next.contentDocument.fonts.ready.then(() => {
      if (pending !== next) return;
      const y = shown.contentWindow ? shown.contentWindow.scrollY : 0;
      next.contentWindow.scrollTo(0, y);
      shown.remove();
      next.id = "preview"; next.className = ""; next.style.width = "";
      pending = null;
    }));
    shown.after(next);
  }

  // One event stream for the page and its preview: a new generation reloads the
  // preview and checks the file.
  const events = new EventSource("/__events");
  let generation = null;
  events.addEventListener("reload", (e) => {
    if (generation !== null && e.data !== generation) {
      reloadPreview();
      onDiskChange();
    }
    generation = e.data;
  });

  load(true).then(() => { document.documentElement.dataset.wengaoEditor = "ready"; });
})();
