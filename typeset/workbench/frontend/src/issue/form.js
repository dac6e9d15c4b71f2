// The issue as a form: the issue's own fields, sections, articles, paragraphs, the colophon.
// Inputs write into state.doc in place; adding, deleting and moving draw the form again.
import { button, field, h } from "../lib/dom.js";
import { colophonBlock } from "./colophon.js";
import { fieldOf, lines, setKey } from "./fields.js";
import { draggable, itemOf, listAt, move } from "./lists.js";
import { addButtons, kindOf, paragraphBody } from "./paragraphs.js";

const KIND_NAMES = { text: "段", heading: "小标题", picture: "图片" };

export function createForm(root, ctx) {
  // ctx: {state, edited(), contribute(sectionIndex, files)}; ctx.structure and ctx.render added here
  const form = { ...ctx };
  form.structure = (focusField) => {
    render();
    ctx.edited();
    focusField && focus(focusField);
  };

  function focus(path, role = null) {
    const el = root.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (!el) return;
    const target = role ? el.querySelector(`:scope > .tools > [data-role="${role}"]`)
      : el.matches("input,textarea,select,button") ? el : el.querySelector("input,textarea,select");
    (target || el).focus();
  }

  function moveItem(list, from, to, role = null) {
    if (!move(listAt(ctx.state.doc, list), from, to)) return;
    render();
    ctx.edited();
    focus(fieldOf(list, to), role);
  }

  function remove(list, index, what) {
    const items = listAt(ctx.state.doc, list);
    if (!window.confirm(`删除${what}？（保存之前都可以按“重新载入”找回）`)) return;
    items.splice(index, 1);
    render();
    ctx.edited();
    focus(fieldOf(list, Math.min(index, items.length - 1)));
  }

  // The 拖动/上移/下移/删除 row of an item; wires drag and drop on the item.
  function tools(item, list, index, count, what) {
    // Focusable and named like any control: ↑/↓ (or Alt+↑/↓ anywhere in the item) move it.
    const handle = h("span", { class: "handle", role: "button", tabindex: "0", "data-role": "handle",
      title: "按住拖动可调整顺序；用键盘时按 ↑ 或 ↓", "aria-label": `拖动${what}（可按 ↑ 或 ↓ 调整顺序）`,
      "aria-keyshortcuts": "ArrowUp ArrowDown Alt+ArrowUp Alt+ArrowDown",
      onKeydown: (e) => {
        if (e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
        e.preventDefault();
        moveItem(list, index, index + (e.key === "ArrowUp" ? -1 : 1), "handle");
      } }, h("span", { "aria-hidden": "true" }, "⠿ "), "拖动");
    const row = h("div", { class: "tools" }, handle,
      button("上移", () => moveItem(list, index, index - 1, "up"),
        { "data-role": "up", "aria-label": `上移${what}`, disabled: index === 0 }),
      button("下移", () => moveItem(list, index, index + 1, "down"),
        { "data-role": "down", "aria-label": `下移${what}`, disabled: index === count - 1 }),
      button("删除", () => remove(list, index, what), { "data-role": "delete", "aria-label": `删除${what}`, class: "danger" }));
    draggable(item, handle, (l, from, to) => moveItem(l, from, to));
    return row;
  }

  function item(cls, list, index, count, what, heading, ...body) {
    const el = h(cls === "section" ? "fieldset" : "div",
      { class: `item ${cls}`, "data-list": list, "data-index": index, "data-field": fieldOf(list, index) });
    el.append(heading, tools(el, list, index, count, what), ...body);
    return el;
  }

  function paragraphs(article, base) {
    const list = `${base}.paragraphs`;
    if (!Array.isArray(article.paragraphs)) article.paragraphs = [];
    const ps = article.paragraphs;
    const path = fieldOf(base.split(".").slice(0, -1).join("."), Number(base.split(".").pop()));
    return h("div", { class: "paragraphs" },
      ps.map((p, k) => {
        const what = `第 ${k + 1} ${KIND_NAMES[kindOf(p)] === "段" ? "段" : `段（${KIND_NAMES[kindOf(p)]}）`}`;
        return item("paragraph", list, k, ps.length, what, "",
          paragraphBody(ps, k, fieldOf(list, k), form));
      }),
      addButtons(ps, `${path}.paragraphs`, form));
  }

  function article(section, si, aj) {
    const a = section.articles[aj];
    const base = `sections.${si}.articles.${aj}`;
    const path = fieldOf(`sections.${si}.articles`, aj);
    const title = Array.isArray(a.title) ? a.title.join("\n") : (a.title ?? "");
    const titleBox = h("textarea", { rows: 2, "data-field": `${path}.title`, value: title,
      onInput: (e) => {
        const ls = lines(e.target.value);
        a.title = ls.length > 1 || Array.isArray(a.title) && ls.length === 1 ? ls : (ls[0] ?? "");
        ctx.edited();
      } });
    return item("article", `sections.${si}.articles`, aj, section.articles.length, `第 ${aj + 1} 篇文章`,
      h("h4", {}, `第 ${aj + 1} 篇文章`),
      field("标题（要分行时每行一行）", titleBox),
      paragraphs(a, base),
      field("来源", h("input", { type: "text", "data-field": `${path}.source`, value: a.source ?? "",
        placeholder: "如 省地方志办；没有来源就空着",
        onInput: (e) => { setKey(a, "source", e.target.value); ctx.edited(); } })));
  }

  function section(si) {
    const s = ctx.state.doc.sections[si];
    if (!Array.isArray(s.articles)) s.articles = [];
    const path = fieldOf("sections", si);
    const el = item("section", "sections", si, ctx.state.doc.sections.length, `第 ${si + 1} 个栏目`,
      h("legend", {}, `第 ${si + 1} 个栏目`),
      field("栏目名", h("input", { type: "text", "data-field": `${path}.name`, value: s.name ?? "",
        onInput: (e) => { s.name = e.target.value; ctx.edited(); } })),
      h("div", { class: "articles" }, s.articles.map((_, aj) => article(s, si, aj))),
      h("div", { class: "adds" },
        button("在本栏目添加文章", () => {
          s.articles.push({ title: "", paragraphs: [""] });
          form.structure(`${path}.articles[${s.articles.length}].title`);
        }, { class: "add" }),
        // named apart from the toolbar's 加入来稿, so that name stays one button's
        button("在本栏目添加来稿", () => ctx.contribute(si, null), { "aria-label": `在第 ${si + 1} 个栏目添加来稿` })));
    el.addEventListener("dragover", (e) => {
      if (e.dataTransfer.types.includes("Files")) { e.preventDefault(); el.classList.add("drop-target"); }
    });
    el.addEventListener("dragleave", () => el.classList.remove("drop-target"));
    el.addEventListener("drop", (e) => {
      el.classList.remove("drop-target");
      if (!e.dataTransfer.files.length) return;
      e.preventDefault();
      ctx.contribute(si, e.dataTransfer.files);
    });
    return el;
  }

  function issueFields() {
    const d = ctx.state.doc;
    const num = (key, label) => field(label, h("input", { type: "number", min: "1", "data-field": key,
      value: d[key] ?? "", placeholder: "自动推算",
      onInput: (e) => { setKey(d, key, e.target.value === "" ? "" : Number(e.target.value)); ctx.edited(); } }));
    return h("fieldset", { class: "issue-fields" }, h("legend", {}, "本期"),
      h("div", { class: "row" },
        field("出刊日期", h("input", { type: "date", "data-field": "date", value: d.date ?? "",
          onInput: (e) => { d.date = e.target.value; ctx.edited(); } })),
        num("number", "期号"), num("total", "总期号"),
        field("增刊", h("input", { type: "checkbox", "data-field": "supplement", checked: d.supplement,
          onChange: (e) => { setKey(d, "supplement", e.target.checked || ""); ctx.edited(); } }))),
      field("报头标记（如“内部资料 注意保存”，可空）", h("input", { type: "text", "data-field": "mark",
        value: d.mark ?? "", onInput: (e) => { setKey(d, "mark", e.target.value); ctx.edited(); } })));
  }

  function render() {
    const d = ctx.state.doc;
    if (!Array.isArray(d.sections)) d.sections = [];
    root.replaceChildren(issueFields(),
      h("div", { class: "sections" }, d.sections.map((_, si) => section(si))),
      h("div", { class: "adds" }, button("添加栏目", () => {
        d.sections.push({ name: "", articles: [{ title: "", paragraphs: [""] }] });
        form.structure(`sections[${d.sections.length}].name`);
      }, { class: "add" })),
      colophonBlock(d, ctx.state.defaults, form));
  }

  // Alt+↑/↓ moves the item holding the focus (the innermost: paragraph, article, section).
  root.addEventListener("keydown", (e) => {
    if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    const el = itemOf(e.target);
    if (!el) return;
    e.preventDefault();
    const index = Number(el.dataset.index);
    const focused = e.target.dataset.field;
    const suffix = focused?.startsWith(el.dataset.field) ? focused.slice(el.dataset.field.length) : "";
    const to = index + (e.key === "ArrowUp" ? -1 : 1);
    if (!move(listAt(ctx.state.doc, el.dataset.list), index, to)) return;
    render();
    ctx.edited();
    focus(fieldOf(el.dataset.list, to) + suffix);
  });

  form.render = render;
  return form;
}
