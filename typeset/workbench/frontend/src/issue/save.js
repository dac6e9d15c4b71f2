// 保存 (button and Ctrl+S): the edit and the version it was based on. 409: the other change is
// shown with 重新载入 / 保留我的修改; 422: the problems at their place, the text kept.
import { failure, post } from "../lib/api.js";
import { button, h } from "../lib/dom.js";
import { saved, state } from "./state.js";

export function saveBody() {
  return state.source === "yaml" ? { base: state.version, yaml: state.yaml } : { base: state.version, data: state.doc };
}

// → {ok} | {problems} | {conflict: body}; throws Offline when the server cannot be reached.
export async function save() {
  const r = await post(`/_api/issue/${encodeURIComponent(state.target)}/save`, saveBody());
  if (r.ok) {
    saved(r.body.version, r.body.yaml ?? state.yaml);
    return { ok: true, commit: r.body.commit };
  }
  if (r.status === 409) return { conflict: r.body };
  if (r.body?.problems) return { problems: r.body.problems };
  return { error: failure(r) };
}

// The conflict panel: the other change as a readable diff, and the two ways on.
export function conflictPanel(body, { reload, keepMine }) {
  const panel = h("section", { class: "panel conflict", role: "alertdialog", "aria-label": "文件已在别处修改" },
    h("h3", {}, "没有保存：这一期在您编辑期间已在别处被修改"),
    h("p", {}, "可能是另一个浏览器、文本编辑器或 typeset add 改了文件。下面是对方的修改（与您开始编辑时相比）："),
    h("pre", { class: "diff", tabindex: "0" }, body.diff || "（没有可显示的差异）"),
    h("div", { class: "buttons" },
      button("重新载入", () => { panel.remove(); reload(); }, { class: "primary" }),
      button("保留我的修改", () => { panel.remove(); keepMine(body.version); })),
    h("p", { class: "hint" }, "重新载入：放弃本页未保存的修改，显示文件现在的内容。"
      + "保留我的修改：本页内容不变，您对照上面的差异把对方的修改补进来后再保存（保存会以现在的文件为基础）。"));
  return panel;
}
