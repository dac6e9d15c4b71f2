// The issue page: the form (or the YAML) beside the live pages; check as the editor types,
// save on 保存 / Ctrl+S, outside changes shown at once, nothing unsaved ever dropped.
import { parse } from "yaml";
import { getJSON, Offline } from "./lib/api.js";
import { listen } from "./lib/connection.js";
import { button, h } from "./lib/dom.js";
import { contributionDialog } from "./issue/contribution.js";
import { downloads } from "./issue/downloads.js";
import { createForm } from "./issue/form.js";
import { historyPanel } from "./issue/history.js";
import { watchPreview } from "./issue/live.js";
import { conflictPanel, save } from "./issue/save.js";
import { edited, kept, keep, notify, onChange, state } from "./issue/state.js";
import { createViews } from "./issue/views.js";

const api = `/_api/issue/${encodeURIComponent(state.target)}`;
const editor = document.getElementById("editor");
const status = h("p", { class: "status-line", role: "status", "aria-live": "polite" });
const problemList = h("div", { class: "problem-list", "aria-label": "检查结果" });
const formRoot = h("form", { class: "issue-form", "aria-label": "表单", novalidate: true });
const yamlRoot = h("div", { class: "yaml-view", hidden: true },
  h("p", { class: "yaml-label" }, "YAML 文本（在编辑器中按 Tab 键即离开编辑器）"));
const notices = h("div", { class: "notices" });

function message(text, bad = false) {
  status.textContent = text;
  status.classList.toggle("bad", bad);
}

const views = createViews({ formRoot, yamlRoot, problemList, message, form: () => form });
const form = createForm(formRoot, {
  state,
  edited: () => edited("form"),
  contribute: (si, files) => dialog.open(si, files),
});

// ---- loading and saving
function apply(body) {
  state.file = body.file || state.file;
  state.version = body.version;
  state.yaml = body.yaml;
  state.doc = body.data;
  state.defaults = body.defaults || {};
  state.dirty = false;
  state.source = "form";
  form.render();
  views.yaml()?.setText(state.yaml);
  views.show(body.problems || []);
  downloadLinks.setYear(String(state.doc?.date || "").slice(0, 4) || new Date().getFullYear());
  showDirty();
}

async function load() {
  const r = await getJSON(api);
  if (!r.ok) {
    editor.replaceChildren(h("p", { class: "bad" }, r.body?.problems?.[0]?.message || "无法读取这一期。"));
    return false;
  }
  apply(r.body);
  return true;
}

async function reload() {
  sessionStorage.removeItem(`typeset:unsaved:${state.target}`);
  if (await load()) {
    if (state.mode === "yaml") views.yaml().setText(state.yaml);
    message("已载入文件现在的内容。");
  }
  notify();
}

let saving = false;
async function doSave() {
  if (saving) return false;
  if (!state.dirty) {
    message("没有需要保存的修改：文件和本页内容相同。");
    return true;
  }
  saving = true;
  saveButton.disabled = true;
  message("正在保存……");
  try {
    const r = await save();
    if (r.ok) {
      message(`已保存${r.commit ? `（版本 ${String(r.commit).slice(0, 7)}）` : ""}。`);
      if (state.mode === "yaml") views.yaml().setText(state.yaml);
      history.refresh();
      downloadLinks.update();
      views.scheduleCheck(0);
      return true;
    }
    if (r.conflict) {
      notices.replaceChildren(conflictPanel(r.conflict, {
        reload,
        keepMine: (version) => {
          state.version = version;
          keep();
          message("已保留您的修改：对照差异改好后再按“保存”。");
        },
      }));
      message("没有保存：文件已在别处被修改。", true);
      notices.querySelector("button")?.focus();
    } else if (r.problems) {
      views.show(r.problems);
      message("没有保存：内容有错误（见下方和标出的位置），您的修改仍保留在本页。", true);
    } else {
      message(`没有保存：${r.error}`, true);
    }
    return false;
  } catch (err) {
    message(err instanceof Offline ? err.message : `没有保存：${err.message}`, true);
    return false;
  } finally {
    saving = false;
    saveButton.disabled = false;
    if (heldEvent) {
      const data = heldEvent;
      heldEvent = null;
      outsideChange(data);
    }
  }
}

// 保存 says whether there is anything to save (its description and the mark beside it).
const dirtyMark = h("span", { class: "dirty", id: "save-state", "aria-live": "polite" }, "没有未保存的修改");
const saveButton = button("保存", () => doSave(),
  { class: "primary save", title: "保存（Ctrl+S）", "aria-describedby": "save-state", "aria-keyshortcuts": "Control+S" });
function showDirty() {
  dirtyMark.textContent = state.dirty ? "有未保存的修改" : "没有未保存的修改";
  dirtyMark.classList.toggle("clean", !state.dirty);
  saveButton.classList.toggle("idle", !state.dirty);
}
onChange(() => {
  showDirty();
  if (state.dirty) views.scheduleCheck();
});

const history = historyPanel(state.target, {
  base: () => state.version,
  restored: async () => { await reload(); message("已恢复所选版本（作为一个新版本保存）。"); },
  message,
});
const downloadLinks = downloads(state.target, new Date().getFullYear());
const dialog = contributionDialog(state.target, {
  sections: () => (state.mode === "form" ? state.doc?.sections || [] : (() => {
    try { return parse(state.yaml)?.sections || []; } catch { return []; }
  })()).map((s) => s?.name || ""),
  prepare: async () => {
    if (state.dirty && !(await doSave())) throw new Error("请先改正错误并保存当前的修改，再加入来稿。");
    return state.version;
  },
  added: () => reload(),
  message,
});

// ---- outside changes: the file edited elsewhere appears at once
let heldEvent = null; // an event that came during a save: judged once the save has answered
function outsideChange(data) {
  if (saving) {
    heldEvent = data;
    return;
  }
  let event;
  try { event = JSON.parse(data); } catch { return; }
  const name = (f) => String(f || "").split(/[\\/]/).pop();
  if (!event.file || name(event.file) !== name(state.file) || event.version === state.version) return;
  if (!state.dirty) {
    reload().then(() => message("文件在别处被修改，已显示新的内容。"));
  } else {
    message("注意：文件刚在别处被修改。您的修改仍在本页；保存时会显示对方的修改供您合并。", true);
  }
}

function layout() {
  const toolbar = h("div", { class: "toolbar" },
    saveButton, dirtyMark,
    h("div", { class: "tabs", role: "tablist", "aria-label": "编辑方式" }, views.tabs.form, views.tabs.yaml),
    button("加入来稿", () => dialog.open(null, null)),
    button("历史版本", () => history.toggle(), { "aria-controls": "history", "aria-expanded": "false" }),
    downloadLinks.el);
  history.panel.id = "history";
  editor.replaceChildren(toolbar, status, notices, history.panel, problemList, formRoot, yamlRoot);
}

async function start() {
  layout();
  watchPreview(state.target, () => downloadLinks.update());
  if (!(await load())) return;
  const unsaved = kept();
  if (unsaved && (unsaved.doc || unsaved.yaml)) {
    state.doc = unsaved.doc ?? state.doc;
    state.yaml = unsaved.yaml ?? state.yaml;
    if (unsaved.base) state.version = unsaved.base;
    state.dirty = true;
    form.render();
    if (unsaved.mode === "yaml") {
      views.ensureYaml();
      views.yaml().setText(state.yaml);
      views.showMode("yaml");
    }
    message("已恢复本页上次未保存的修改（还没有保存）。", true);
    edited(unsaved.source || unsaved.mode || "form");
  }
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      doSave();
    }
  });
  window.addEventListener("beforeunload", (e) => {
    if (state.dirty) { keep(); e.preventDefault(); e.returnValue = ""; }
  });
  listen("/_api/events", (data) => outsideChange(data));
  if (state.problems.length === 0) views.scheduleCheck(0);
}

start();
