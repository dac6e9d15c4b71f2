// The colophon: disclosure, copies, print date, printer, and 报/送/发 as the series' defaults
// (each kept or removed by a check box) plus this additions.
import { field, h } from "../lib/dom.js";
import { lines, setKey } from "./fields.js";

const LISTS = [["to_superiors", "报"], ["to_peers", "送"], ["to_subordinates", "发"]];
const DISCLOSURES = ["主动公开", "依申请公开", "不予公开"];

// What the issue says of one list → {kept: Set of defaults kept, added: [names], replaced}
function reading(value, defaults) {
  if (Array.isArray(value)) {
    return { kept: new Set(value.filter((n) => defaults.includes(n))),
      added: value.filter((n) => !defaults.includes(n)), replaced: true };
  }
  const remove = value?.remove || [];
  return { kept: new Set(defaults.filter((n) => !remove.includes(n))), added: [...(value?.add || [])],
    replaced: false };
}

function writing(colophon, key, defaults, r) {
  if (r.replaced) {
    colophon[key] = [...defaults.filter((n) => r.kept.has(n)), ...r.added];
    return;
  }
  const value = {};
  if (r.added.length) value.add = r.added;
  const removed = defaults.filter((n) => !r.kept.has(n));
  if (removed.length) value.remove = removed;
  setKey(colophon, key, Object.keys(value).length ? value : "");
}

function recipients(colophon, key, label, defaults, ctx) {
  const r = reading(colophon[key], defaults);
  const save = () => { writing(colophon, key, defaults, r); ctx.edited(); };
  const boxes = defaults.map((name) => h("label", { class: "check" },
    h("input", { type: "checkbox", checked: r.kept.has(name), onChange: (e) => {
      if (e.target.checked) r.kept.add(name); else r.kept.delete(name);
      save();
    } }), ` ${name}`));
  return h("fieldset", { class: "recipients", "data-field": `colophon.${key}` },
    h("legend", {}, `${label}${r.replaced ? "（本期整个替换了默认名单）" : ""}`),
    defaults.length ? h("div", { class: "defaults" }, h("span", { class: "hint" }, "系列默认（取消勾选即本期不印）："), boxes)
      : h("p", { class: "hint" }, "系列默认名单为空。"),
    field(`${label}：本期增加（每行一个）`, h("textarea", { rows: 2, value: r.added.join("\n"),
      onInput: (e) => { r.added = lines(e.target.value); save(); } })));
}

export function colophonBlock(doc, defaults, parent) {
  const had = doc.colophon && typeof doc.colophon === "object";
  const c = had ? doc.colophon : {};
  // The colophon key is written only once it holds something (none is added by just looking).
  const ctx = { edited: () => {
    if (Object.keys(c).length || had) doc.colophon = c;
    parent.edited();
  } };
  const disclosure = h("select", { "data-field": "colophon.disclosure",
    onChange: (e) => { setKey(c, "disclosure", e.target.value); ctx.edited(); } },
  h("option", { value: "" }, `系列默认（${defaults.disclosure || "未设"}）`),
  DISCLOSURES.map((d) => h("option", { value: d, selected: c.disclosure === d }, d)));
  return h("fieldset", { class: "colophon", "data-field": "colophon" }, h("legend", {}, "版记"),
    h("div", { class: "row" },
      field("信息公开", disclosure),
      field("共印份数", h("input", { type: "number", min: "1", "data-field": "colophon.copies",
        value: c.copies ?? "", placeholder: defaults.copies ? `系列默认 ${defaults.copies}` : "必填",
        onInput: (e) => { setKey(c, "copies", e.target.value === "" ? "" : Number(e.target.value)); ctx.edited(); } })),
      field("印发日期", h("input", { type: "date", "data-field": "colophon.print_date", value: c.print_date ?? "",
        onInput: (e) => { setKey(c, "print_date", e.target.value); ctx.edited(); } }))),
    field("印发机关（空着用系列默认）", h("input", { type: "text", "data-field": "colophon.printer",
      value: c.printer ?? "", onInput: (e) => { setKey(c, "printer", e.target.value); ctx.edited(); } })),
    LISTS.map(([key, label]) => recipients(c, key, label, defaults[key] || [], ctx)));
}
