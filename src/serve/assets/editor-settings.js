// wengao editor: the 文种与版式 panel (`kind` and the [style] choices) and the
// schedule's column names (`columns`) — the form's fields that are choices
// rather than text — and the 公文 form: 主送, 附注, 日期前标签, the seal, and the
// [masthead] 版头 and [imprint] 版记 groups. Loaded before editor.js, which calls
// `wengaoSettings(helpers)` with its model helpers (el, getAt, setAt, snapshot,
// changed, problems) and gets back `settings(isCollection)`,
// `column(schedule, prefix, i)`, `official(prefix)` and `frame()`, each
// bound to the model.
"use strict";
window.wengaoSettings = function ({ el, getAt, setAt, snapshot, changed, problems }) {
  const madeByPage = new Set(); // tables and keys this page added (默认 takes them away again)

  // A choice among fixed values; the first, "", removes the key (wengao's
  // default, or the folder's wengao.toml). A value not offered is kept as one.
  function choice(label, path, options) {
    const id = "f-" + path.replace(/\//g, "-");
    const wrap = el("div", { class: "field" });
    wrap.append(el("label", { for: id }, label));
    const select = el("select", { id, "data-path": path });
    const value = getAt(path);
    const current = value === undefined ? "" : String(value);
    if (!options.some(([v]) => v === current)) options = options.concat([[current, current]]);
    for (const [v, text] of options) select.append(el("option", { value: v }, text));
    select.value = current;
    const table = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    select.addEventListener("change", () => {
      snapshot();
      const v = select.value;
      if (v === "") {
        setAt(path, undefined);
        // A table the page made for it goes too, so the file is as it was.
        if (madeByPage.has(table) && Object.keys(getAt(table) || {}).length === 0) { setAt(table, undefined); madeByPage.delete(table); }
      } else {
        if (table && getAt(table) === undefined) { setAt(table, {}); madeByPage.add(table); }
        setAt(path, v === "true" ? true : v === "false" ? false : v);
      }
      changed();
    });
    wrap.append(select, el("div", { class: "problem", "data-for": path }));
    return wrap;
  }

  // 文种 and the [style] keys a secretary chooses among (fonts stay in the file).
  function settings(isCollection) {
    const box = el("details", { class: "settings" });
    const summary = el("summary", null, "文种与版式");
    // Open or closed by the user stays so over redraws (a click toggles after it).
    summary.addEventListener("click", () => { settings.open = !box.open; });
    box.append(summary);
    const row = el("div", { class: "row wrap" });
    const yesNo = (no, yes) => [["", "默认"], ["false", no], ["true", yes]];
    if (!isCollection) row.append(choice("文种", "kind", [["", "（未写）"], ["plan", "工作计划"], ["summary", "工作总结"]]));
    row.append(choice("成文日期写法", "style/date_style", [["", "默认"], ["arabic", "2024年12月26日"], ["chinese", "二〇二四年十二月二十六日"]]));
    if (isCollection) row.append(choice("篇名写法", "style/part_heading", [["", "默认"], ["suffix", "标题 篇一"], ["prefix", "篇一：标题"]]));
    row.append(choice("西文和数字", "style/latin", [["", "默认"], ["cjk", "随中文字体"], ["times", "Times New Roman 样式"]]));
    row.append(choice("各级标题", "style/bold_headings", yesNo("不加粗", "加粗")));
    row.append(choice("双面打印", "style/duplex", yesNo("否", "是（偶数页左右页边距对调）")));
    box.append(row);
    // Open while one of its fields has a problem, or as the user left it.
    const fields = [...row.querySelectorAll("select")].map((s) => s.dataset.path);
    box.open = !!settings.open || problems().some((p) => fields.includes(p.field));
    return box;
  }

  // A header cell of the schedule: the column's name as printed (`columns`,
  // written only when one differs from 时间 | 工作要点).
  function column(sched, prefix, i) {
    const names = ["时间", "工作要点"];
    const key = prefix + "schedule/columns", path = key + "/" + i;
    const th = el("th", { class: "column" });
    const c = sched.columns;
    if (c !== undefined && !(Array.isArray(c) && c.length === 2 && c.every((x) => typeof x === "string"))) {
      // Not two names: shown as wengao reads it, left to the text editor.
      th.append(el("span", null, names[i]), el("div", { class: "problem", "data-for": key }));
      return th;
    }
    const input = el("input", { type: "text", "data-path": path, id: "f-" + path.replace(/\//g, "-"), placeholder: names[i], title: "表头（打印在表的第一行）" });
    input.value = c ? c[i] : "";
    input.addEventListener("input", () => {
      snapshot(path);
      const columns = [0, 1].map((j) => (j === i ? input.value : (sched.columns || [])[j] || "").trim() || names[j]);
      // Back to 时间 | 工作要点: the key goes only when the page wrote it.
      if (columns[0] === names[0] && columns[1] === names[1] && (!sched.columns || madeByPage.has(key))) {
        delete sched.columns; madeByPage.delete(key);
      } else {
        if (!sched.columns) madeByPage.add(key);
        sched.columns = columns;
      }
      changed();
    });
    th.append(input, el("div", { class: "problem", "data-for": key }));
    return th;
  }

  // ------------------------------------------------------------------ the 公文 form
  // A field of a key in a table (`masthead/number`): the table is made on the
  // first letter typed and goes again when its last key is emptied. `list`: one
  // entry a line, written as a string when there is one, a list when more.
  // `date`: a date picker.
  function tableField(label, path, opts = {}) {
    const id = "f-" + path.replace(/\//g, "-");
    const table = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    const wrap = el("div", { class: "field" });
    wrap.append(el("label", { for: id }, label));
    const value = getAt(path);
    let input;
    if (opts.list) {
      input = el("textarea", { id, rows: 2, placeholder: opts.placeholder || "每行一个" });
      input.value = Array.isArray(value) ? value.join("\n") : value == null ? "" : String(value);
    } else {
      input = el("input", { id, type: opts.date ? "date" : "text", placeholder: opts.placeholder || "" });
      input.value = value == null ? "" : String(value);
    }
    input.dataset.path = path;
    input.addEventListener("input", () => {
      snapshot(path);
      let v = input.value;
      if (opts.list) {
        const lines = v.split("\n").map((l) => l.trim()).filter((l) => l !== "");
        v = lines.length > 1 ? lines : lines.length ? lines[0] : "";
      }
      if (v === "") {
        if (table && getAt(table) === undefined) return;
        setAt(path, undefined);
        if (table && Object.keys(getAt(table) || {}).length === 0) setAt(table, undefined);
      } else {
        if (table && getAt(table) === undefined) setAt(table, {});
        setAt(path, v);
      }
      changed();
    });
    wrap.append(input, el("div", { class: "problem", "data-for": path }));
    return wrap;
  }

  // 加盖印章: a checkbox; unticked removes the key (wengao's default: no seal).
  function sealBox(path) {
    const id = "f-" + path.replace(/\//g, "-");
    const wrap = el("div", { class: "field check" });
    const box = el("input", { id, type: "checkbox", "data-path": path });
    box.checked = getAt(path) === true;
    box.addEventListener("change", () => { snapshot(); setAt(path, box.checked ? true : undefined); changed(); });
    const label = el("label", { for: id }, "加盖印章（成文日期右空四字，署名居中其上）");
    wrap.append(box, label, el("div", { class: "problem", "data-for": path }));
    return wrap;
  }

  // 主送, 附注, 日期前标签 and the seal of the document or of a part.
  function official(prefix) {
    const box = el("div", { class: "official" });
    const row = el("div", { class: "row" });
    row.append(tableField("主送机关（标题下，末尾的“：”自动加）", prefix + "addressee", { placeholder: "例如 各中小学工会" }));
    row.append(tableField("日期前标签", prefix + "date_label", { placeholder: "例如 时间：" }));
    box.append(row);
    box.append(tableField("附注（成文日期下一行，自动加圆括号）", prefix + "remark", { placeholder: "例如 联系人：张三，电话：12345678" }));
    box.append(sealBox(prefix + "seal"));
    return box;
  }

  // The group of the table `name`: open when the document has the table, then as
  // the user leaves it over redraws, and always on a problem in it.
  function group(name, title, fill) {
    const box = el("details", { class: "settings frame-" + name });
    const summary = el("summary", null, title);
    summary.addEventListener("click", () => { group[name] = !box.open; });
    box.append(summary);
    fill(box);
    const open = group[name] === undefined ? getAt(name) !== undefined : group[name];
    box.open = open || problems().some((p) => p.field.startsWith(name + "/"));
    return box;
  }

  // [masthead] 版头 and [imprint] 版记 (the document's top level only).
  function frame() {
    const masthead = group("masthead", "版头（红头文件）", (box) => {
      const row = el("div", { class: "row wrap" });
      row.append(
        tableField("份号", "masthead/copy_number", { placeholder: "000001" }),
        tableField("密级和保密期限", "masthead/secrecy", { placeholder: "秘密★1年" }),
        tableField("紧急程度", "masthead/urgency", { placeholder: "特急 / 加急" }),
      );
      box.append(row);
      const names = el("div", { class: "row" });
      names.append(
        tableField("发文机关标志（联合行文每行一个机关）", "masthead/issuer", { list: true, placeholder: "××区教育工会文件" }),
        tableField("联合行文的“文件”二字", "masthead/issuer_suffix", { placeholder: "文件" }),
      );
      box.append(names);
      const number = el("div", { class: "row" });
      number.append(
        tableField("发文字号", "masthead/number", { placeholder: "×教工〔2025〕3号" }),
        tableField("签发人（上行文，每行一个）", "masthead/signers", { list: true, placeholder: "张三" }),
      );
      box.append(number);
    });
    const imprint = group("imprint", "版记（抄送、印发机关和日期）", (box) => {
      box.append(tableField("抄送机关（每行一个）", "imprint/cc", { list: true, placeholder: "区教育局" }));
      const row = el("div", { class: "row" });
      row.append(
        tableField("印发机关", "imprint/printed_by", { placeholder: "××区教育工会办公室" }),
        tableField("印发日期", "imprint/printed_on", { date: true }),
      );
      box.append(row);
    });
    return [masthead, imprint];
  }

  return { settings, column, official, frame };
};
