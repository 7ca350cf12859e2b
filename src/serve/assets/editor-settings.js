// wengao editor: the 文种与版式 panel (`kind` and the [style] choices) and the
// schedule's column names (`columns`) — the form's fields that are choices
// rather than text. Loaded before editor.js, which calls
// `wengaoSettings(helpers)` with its model helpers (el, getAt, setAt, snapshot,
// changed, problems) and gets back `settings(isCollection)` and
// `column(schedule, prefix, i)`, each an element bound to the model.
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

  return { settings, column };
};
