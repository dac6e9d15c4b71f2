// 历史版本: who saved what and when, as readable changes; 恢复此版本 makes a new version.
import { failure, getJSON, post } from "../lib/api.js";
import { button, h } from "../lib/dom.js";

// 2024-04-02T09:03:26+08:00 → 2024-04-02 09:03 (the time as the server's clock wrote it)
function when(date) {
  return String(date || "").replace("T", " ").slice(0, 16);
}

export function historyPanel(target, { base, restored, message }) {
  const t = encodeURIComponent(target);
  const list = h("div", { class: "versions" });
  const heading = h("h3", { tabindex: "-1" }, "历史版本");
  const close = button("关闭", () => hide(), { class: "close" });
  const panel = h("section", { class: "panel history", "aria-label": "历史版本", hidden: true },
    heading, list, close);
  const opener = () => document.querySelector('[aria-controls="history"]');
  function hide() {
    panel.hidden = true;
    opener()?.setAttribute("aria-expanded", "false");
    opener()?.focus();
  }
  // Escape closes the panel, as it closes a dialog, and the focus goes back to 历史版本.
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); hide(); }
  });

  async function restore(v) {
    if (!window.confirm(`恢复到 ${when(v.date)} ${v.author} 保存的版本？当前内容仍会留在历史里。`)) return;
    const r = await post(`/_api/issue/${t}/restore`, { commit: v.commit, base: base() });
    if (r.ok) {
      restored(r.body);
      load();
    } else if (r.status === 409) {
      message("这一期在别处被修改过，请先重新载入再恢复。", true);
    } else {
      message(failure(r), true);
    }
  }

  async function load() {
    list.replaceChildren(h("p", {}, "正在读取历史……"));
    const r = await getJSON(`/_api/issue/${t}/history`);
    if (!r.ok) {
      list.replaceChildren(h("p", { class: "bad" }, failure(r)));
      return;
    }
    const versions = r.body.versions || [];
    if (!versions.length) {
      list.replaceChildren(h("p", {}, "还没有保存过的版本。"));
      return;
    }
    list.replaceChildren(h("ol", {}, versions.map((v, i) => h("li", { class: "version" },
      h("div", { class: "who" }, `${when(v.date)} · ${v.author} · ${v.message || ""}`, i === 0 ? "（当前）" : ""),
      v.changes?.length ? h("ul", { class: "changes" }, v.changes.map((c) => h("li", {}, c))) : null,
      i === 0 ? null : button("恢复此版本", () => restore(v), { "aria-label": `恢复此版本（${when(v.date)}）` })))));
  }

  return {
    panel,
    toggle(show = panel.hidden) {
      if (!show) { hide(); return; }
      panel.hidden = false;
      opener()?.setAttribute("aria-expanded", "true");
      load();
      heading.focus(); // the panel opens where the editor looks, whatever was scrolled
      panel.scrollIntoView({ block: "nearest" });
    },
    refresh() { if (!panel.hidden) load(); },
  };
}
