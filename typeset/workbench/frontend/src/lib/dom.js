// A small element builder: h("button", {type: "button", class: "x"}, "文字", child).
// Keys starting with "on" become event listeners (never attributes: the CSP forbids those).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value") {
      el.value = value;
    } else if (key === "checked") {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// A labelled field: <label>名称 <input></label>, the label text visible.
export function field(label, control, extra = null) {
  return h("label", { class: "field" }, h("span", { class: "label" }, label), control, extra);
}

export function button(label, onClick, attrs = {}) {
  return h("button", { type: "button", ...attrs, onClick }, label);
}

let ids = 0;
export function uid(prefix = "id") {
  ids += 1;
  return `${prefix}-${ids}`;
}

// A file chooser labelled in Chinese whatever the browser's language: the native input stays
// (keyboard, drop) but is hidden visually behind a 选择文件 button face and the chosen name.
export function fileChooser(label, attrs = {}) {
  const input = h("input", { type: "file", class: "visually-hidden", "aria-label": label, ...attrs });
  const name = h("span", { class: "file-name" }, "未选择文件");
  input.addEventListener("change", () => { name.textContent = input.files[0]?.name || "未选择文件"; });
  const el = h("div", { class: "field" }, h("span", { class: "label" }, label),
    h("label", { class: "file-chooser" }, h("span", { class: "file-button" }, "选择文件…"), input, name));
  return { el, input, name };
}
