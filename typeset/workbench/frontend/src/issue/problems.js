// Problems from the engine (POST …/check, a refused save) shown where they belong: at the
// form field their `field` names (or the nearest enclosing one), and in a list above the form.
import { button, h } from "../lib/dom.js";
import { fieldAt } from "./lines.js";

// sections[1].articles[2].title[1] → sections[1].articles[2].title → … → sections[1]
function parents(field) {
  const out = [];
  let f = field;
  while (f) {
    out.push(f);
    const cut = Math.max(f.lastIndexOf("."), f.lastIndexOf("["));
    f = cut > 0 ? f.slice(0, cut) : "";
  }
  return out;
}

export function elementFor(root, field) {
  for (const f of parents(field || "")) {
    const all = [...root.querySelectorAll(`[data-field="${CSS.escape(f)}"]`)];
    const el = all.find((e) => e.matches("input,textarea,select")) || all[0]; // a paragraph's box before its item
    if (el) return el;
  }
  return null;
}

function clear(root) {
  root.querySelectorAll(".field-problem").forEach((el) => el.remove());
  root.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  });
}

let counter = 0;

function place(el, p) {
  counter += 1;
  const id = `problem-${counter}`;
  const note = h("p", { class: `field-problem${p.warning ? " warning" : ""}`, id },
    `${p.warning ? "警告" : "错误"}：${p.message}`);
  if (el.matches("input,textarea,select")) {
    el.setAttribute("aria-invalid", p.warning ? "false" : "true");
    el.setAttribute("aria-describedby", id);
    (el.closest("label.field") || el).after(note);
  } else {
    const legend = el.querySelector(":scope > legend, :scope > h4");
    if (legend) legend.after(note); else el.prepend(note);
  }
}

// Show `problems` in the form `root` (may be null: YAML view) and the summary `list`; `text`
// (the YAML the problems were found in) places those located by line only.
export function showProblems(root, list, problems, goTo, text = "", own = () => false) {
  if (root) clear(root);
  const errors = problems.filter((p) => !p.warning).length;
  const warnings = problems.length - errors;
  if (!problems.length) {
    list.replaceChildren(h("p", { class: "ok" }, "检查通过：没有发现错误。"));
    return;
  }
  const items = problems.map((p, i) => {
    let el = root ? elementFor(root, p.field) : null;
    if (root && (!el || !p.field?.includes(".")) && p.origin?.[1] && own(p)) {
      el = elementFor(root, fieldAt(text, p.origin[1], p.origin[2] || 1)) || el;
    }
    if (el) place(el, p);
    const where = p.origin?.[1] ? `第 ${p.origin[1]} 行：` : "";
    return h("li", { class: p.warning ? "warning" : "error" },
      `${p.warning ? "警告" : "错误"}：${where}${p.message} `,
      // named by its number, not the message: a field's name in it would make that label ambiguous
      goTo ? button("转到", () => goTo(p, el), { "aria-label": `转到第 ${i + 1} 条` }) : null);
  });
  list.replaceChildren(h("p", { class: errors ? "bad" : "warn" },
    `检查：${errors} 处错误，${warnings} 处警告。`), h("ul", {}, items));
}
