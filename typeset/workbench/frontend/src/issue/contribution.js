// 加入来稿: a file (.docx .doc .wps .rtf .odt .txt) or pasted text → what was read and what was
// left out or changed → the editor confirms → the article is added (typeset add's path).
import { failure, post } from "../lib/api.js";
import { button, field, fileChooser, h } from "../lib/dom.js";

const ACCEPT = ".docx,.doc,.wps,.rtf,.odt,.txt";

export function contributionDialog(target, { sections, prepare, added, message }) {
  const t = encodeURIComponent(target);
  let token = null;
  const section = h("select", {});
  const chooser = fileChooser("来稿文件（Word、WPS、RTF、ODT 或纯文本）", { accept: ACCEPT });
  const file = chooser.input;
  const text = h("textarea", { rows: 6, placeholder: "第一行为标题，其后每行一段；来源可写在最后一行，如（省地方志办）" });
  const preview = h("div", { class: "contribution-preview", role: "region", "aria-label": "读到的内容" });
  const status = h("p", { role: "status", class: "status-line" });
  const confirm = button("确认加入", () => accept(), { class: "primary", disabled: true });
  const dialog = h("dialog", { class: "contribution", "aria-label": "加入来稿" },
    h("h3", {}, "加入来稿"),
    field("加入到栏目", section),
    chooser.el,
    field("或粘贴文字", text),
    h("div", { class: "buttons" }, button("读取", () => read(), { class: "primary" }),
      confirm, button("取消", () => dialog.close())),
    status, preview);
  file.addEventListener("change", () => { if (file.files.length) read(); });

  function show(result) {
    const r = result.read || {};
    const list = (label, items) => (items.length ? [h("h4", {}, label), h("ol", {}, items.map((x) => h("li", {}, x)))] : []);
    const paragraph = (p) => (typeof p === "string" ? p : `${p.level ? `（${p.level} 级小标题）` : ""}${p.text || ""}`);
    const picture = (p) => `${p.caption || "（无图题）"} · ${String(p.format || "").toUpperCase()}${p.after !== undefined ? ` · 在第 ${p.after} 段之后` : ""}`;
    const where = result.section ? `将加入栏目“${result.section}”${result.new_section ? "（新栏目）" : ""}` : "";
    preview.replaceChildren(
      where ? h("p", { class: "where" }, where) : "",
      h("h4", {}, "标题"), h("p", { class: "read-title" }, (r.title || []).join(" / ") || "（没有读到标题）"),
      ...list("正文", (r.paragraphs || []).map(paragraph)),
      h("h4", {}, "来源"), h("p", {}, r.source || "（没有读到来源）"),
      ...list("图片", (r.pictures || []).map(picture)),
      h("h4", {}, "没有读入或有改动的地方"),
      result.notes?.length ? h("ul", { class: "notes" }, result.notes.map((n) => h("li", {}, n)))
        : h("p", {}, "没有：全文照原样读入。"),
      ...list("加入后检查发现的问题", (result.problems || []).map((p) => `${p.warning ? "警告" : "错误"}：${p.message}`)));
  }

  async function read() {
    token = null;
    confirm.disabled = true;
    preview.replaceChildren();
    let body;
    if (file.files.length) {
      body = new FormData();
      body.append("file", file.files[0]);
      body.append("section", section.value);
    } else if (text.value.trim()) {
      body = { text: text.value, section: section.value };
    } else {
      status.textContent = "请选择一个文件，或粘贴文字。";
      return;
    }
    status.textContent = "正在读取……";
    try {
      const r = await post(`/_api/issue/${t}/contribution`, body);
      if (!r.ok) throw new Error(failure(r));
      token = r.body.token;
      show(r.body);
      status.textContent = "请核对下面读到的内容，无误后按“确认加入”。";
      confirm.disabled = false;
      confirm.focus();
    } catch (err) {
      status.textContent = err.message;
    }
  }

  async function accept() {
    if (!token) return;
    confirm.disabled = true;
    status.textContent = "正在加入……";
    try {
      const base = await prepare(); // the form's unsaved edits are saved first
      const r = await post(`/_api/issue/${t}/contribution/confirm`, { token, section: section.value, base });
      if (!r.ok) throw new Error(r.status === 409 ? "这一期在别处被修改过：请先重新载入，再加入来稿。" : failure(r));
      dialog.close();
      added(r.body);
      message("来稿已加入并保存。", false);
    } catch (err) {
      status.textContent = err.message;
      confirm.disabled = false;
    }
  }

  document.body.append(dialog);
  return {
    open(sectionIndex = null, files = null) {
      const names = sections();
      section.replaceChildren(h("option", { value: "" }, "（按来稿自动判断，或最后一个栏目）"),
        ...names.map((n, i) => h("option", { value: n, selected: i === sectionIndex }, n || `第 ${i + 1} 个栏目（未命名）`)));
      token = null;
      confirm.disabled = true;
      preview.replaceChildren();
      status.textContent = "";
      text.value = "";
      file.value = "";
      chooser.name.textContent = "未选择文件";
      if (files?.length) {
        const dt = new DataTransfer();
        dt.items.add(files[0]);
        file.files = dt.files;
        chooser.name.textContent = files[0].name;
      }
      dialog.showModal();
      if (files?.length) read(); else file.focus();
    },
  };
}
