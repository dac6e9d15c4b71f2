// One paragraph of an article: plain text, a level heading {text, level} or a picture
// {image, caption, width} (with an upload).
import { failure, post } from "../lib/api.js";
import { button, field, fileChooser, h } from "../lib/dom.js";
import { setKey } from "./fields.js";

const LEVELS = [["1", "一级（一、）"], ["2", "二级（（一））"], ["3", "三级（1.）"], ["4", "四级（（1））"]];

export function kindOf(p) {
  if (p && typeof p === "object" && "image" in p) return "picture";
  if (p && typeof p === "object") return "heading";
  return "text";
}

export function newParagraph(kind) {
  if (kind === "heading") return { text: "", level: 1 };
  if (kind === "picture") return { image: "" };
  return "";
}

export function paragraphBody(list, k, path, ctx) {
  const p = list[k];
  const kind = kindOf(p);
  if (kind === "text") {
    return field(`第 ${k + 1} 段`, h("textarea", {
      rows: 3, "data-field": path, value: p ?? "",
      onInput: (e) => { list[k] = e.target.value; ctx.edited(); },
      onKeydown: (e) => enter(e, list, k, path, ctx),
      onPaste: (e) => paste(e, list, k, path, ctx),
    }));
  }
  if (kind === "heading") {
    const select = h("select", { "data-field": `${path}.level`,
      onChange: (e) => { p.level = Number(e.target.value); ctx.edited(); } },
    LEVELS.map(([v, label]) => h("option", { value: v, selected: String(p.level ?? 1) === v }, label)));
    return h("div", { class: "row" },
      field("小标题层级", select),
      field(`第 ${k + 1} 段（小标题）`, h("input", { type: "text", "data-field": `${path}.text`,
        value: p.text ?? "", onInput: (e) => { p.text = e.target.value; ctx.edited(); } })));
  }
  return pictureBody(p, k, path, ctx);
}

function pictureBody(p, k, path, ctx) {
  const status = h("span", { class: "upload-status", role: "status" });
  const image = h("input", { type: "text", "data-field": `${path}.image`, value: p.image ?? "",
    onInput: (e) => { p.image = e.target.value; ctx.edited(); } });
  const chooser = fileChooser("上传图片（PNG 或 JPEG）", { accept: "image/png,image/jpeg" });
  chooser.input.addEventListener("change", async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      status.textContent = "正在上传……";
      const data = new FormData();
      data.append("file", file);
      try {
        const r = await post(`/_api/issue/${encodeURIComponent(ctx.state.target)}/picture`, data);
        if (!r.ok) throw new Error(failure(r));
        p.image = r.body.image;
        image.value = r.body.image;
        status.textContent = `已上传：${r.body.image}`;
        ctx.edited();
      } catch (err) {
        status.textContent = err.message;
      }
  });
  const width = h("input", { type: "number", min: "0.1", max: "1", step: "0.05",
    "data-field": `${path}.width`, value: p.width ?? "", placeholder: "版式默认",
    onInput: (e) => { setKey(p, "width", e.target.value === "" ? "" : Number(e.target.value)); ctx.edited(); } });
  return h("div", { class: "picture" },
    h("div", { class: "row" }, field(`第 ${k + 1} 段（图片）文件`, image), chooser.el, status),
    h("div", { class: "row" },
      field("图题", h("input", { type: "text", "data-field": `${path}.caption`, value: p.caption ?? "",
        onInput: (e) => { setKey(p, "caption", e.target.value); ctx.edited(); } })),
      field("宽度（占版心的比例，0.1—1）", width)));
}

// As in Word: Enter ends the paragraph (the text after the cursor starts the next one);
// Shift+Enter and typing in an input method are left alone.
function enter(e, list, k, path, ctx) {
  if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
  e.preventDefault();
  const t = e.target;
  list[k] = t.value.slice(0, t.selectionStart).trimEnd();
  list.splice(k + 1, 0, t.value.slice(t.selectionEnd).trimStart());
  ctx.structure(nextField(path));
}

// Text of several lines pasted into a paragraph: one paragraph per line.
function paste(e, list, k, path, ctx) {
  const text = e.clipboardData?.getData("text/plain") || "";
  const parts = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l);
  if (parts.length < 2) return;
  e.preventDefault();
  const t = e.target;
  const before = t.value.slice(0, t.selectionStart);
  const after = t.value.slice(t.selectionEnd);
  parts[0] = before + parts[0];
  parts[parts.length - 1] += after;
  list.splice(k, 1, ...parts);
  ctx.structure(path.replace(/\[(\d+)\]$/, (_, n) => `[${Number(n) + parts.length - 1}]`));
}

// sections[1].articles[1].paragraphs[2] → …paragraphs[3]
function nextField(path) {
  return path.replace(/\[(\d+)\]$/, (_, n) => `[${Number(n) + 1}]`);
}

export function addButtons(list, listField, ctx) {
  const add = (kind, label) => button(label, () => {
    list.push(newParagraph(kind));
    ctx.structure(`${listField}[${list.length}]`);
  }, { class: "add" });
  return h("div", { class: "adds" }, add("text", "添加段落"), add("heading", "添加小标题"), add("picture", "添加图片"));
}
