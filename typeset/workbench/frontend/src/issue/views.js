// One document, two views: the form and the YAML. Checks as the editor types (debounced,
// older answers dropped) and shows the problems in whichever view is open.
import { parse } from "yaml";
import { getJSON, post } from "../lib/api.js";
import { button } from "../lib/dom.js";
import { showProblems } from "./problems.js";
import { edited, keep, state } from "./state.js";
import { createYamlView } from "./yaml-view.js";

// parts: {formRoot, yamlRoot, problemList, message, form: () => the form (render())}
export function createViews({ formRoot, yamlRoot, problemList, message, form }) {
  const api = `/_api/issue/${encodeURIComponent(state.target)}`;
  let yamlView = null;
  // ---- check as the editor types (debounced; answers to older requests are dropped)
  let checkTimer = null;
  let checkSeq = 0;
  function scheduleCheck(delay = 400) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, delay);
  }
  async function check() {
    const seq = ++checkSeq;
    const body = state.source === "yaml" ? { yaml: state.yaml } : { data: state.doc };
    try {
      const r = await post(`${api}/check`, body);
      if (seq !== checkSeq || !r.ok) return;
      if (state.source === "form" && typeof r.body.yaml === "string") state.yaml = r.body.yaml;
      show(r.body.problems || []);
    } catch {
      // offline: the connection banner says so; the text stays in the page
    }
  }

  function ownFile(p) {
    const name = (f) => String(f || "").split(/[\\/]/).pop();
    return p.origin && name(p.origin[0]) === name(state.file);
  }

  function show(problems) {
    state.problems = problems;
    const root = state.mode === "form" ? formRoot : null;
    showProblems(root, problemList, problems, (p, el) => {
      if (state.mode === "yaml" && p.origin?.[1] && ownFile(p)) yamlView.goTo(p.origin[1]);
      else (el?.matches?.("input,textarea,select") ? el : el?.querySelector?.("input,textarea,select"))?.focus();
    }, state.yaml, ownFile);
    yamlView?.mark(problems.filter(ownFile));
  }

  // ---- the two views of one document
  const tabs = {
    form: button("表单", () => switchTo("form"), { role: "tab", "aria-selected": "true" }),
    yaml: button("YAML", () => switchTo("yaml"), { role: "tab", "aria-selected": "false" }),
  };

  async function switchTo(mode) {
    if (mode === state.mode && !(mode === "form" && formRoot.hidden)) return;
    if (mode === "form") {
      let doc;
      try {
        doc = parse(yamlView ? yamlView.text() : state.yaml);
      } catch (err) {
        message(`YAML 有语法错误，请先改正再切换到表单：${err.message.split("\n")[0]}`, true);
        return;
      }
      if (!doc || typeof doc !== "object") doc = { sections: [] };
      state.doc = doc;
      form().render();
    } else {
      clearTimeout(checkTimer);
      await check(); // the YAML that saving the form's content would write
      ensureYaml();
      yamlView.setText(state.yaml);
    }
    showMode(mode);
  }

  function showMode(mode) {
    state.mode = mode;
    if (state.dirty) keep();
    formRoot.hidden = mode !== "form";
    yamlRoot.hidden = mode !== "yaml";
    tabs.form.setAttribute("aria-selected", String(mode === "form"));
    tabs.yaml.setAttribute("aria-selected", String(mode === "yaml"));
    show(state.problems);
  }

  function ensureYaml() {
    if (yamlView) return;
    yamlView = createYamlView(yamlRoot, {
      text: state.yaml,
      onChange: (t) => { state.yaml = t; edited("yaml"); },
    });
    getJSON("/_api/schema").then((r) => { if (r.ok) yamlView.setSchema(r.body); }).catch(() => {});
  }

  // ←/→ between the two tabs, as in any tab list
  for (const [tab, other, mode] of [[tabs.form, tabs.yaml, "yaml"], [tabs.yaml, tabs.form, "form"]]) {
    tab.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      e.preventDefault();
      other.focus();
      switchTo(mode);
    });
  }

  return { tabs, switchTo, showMode, ensureYaml, check, scheduleCheck, show,
    clearCheck: () => clearTimeout(checkTimer), yaml: () => yamlView };
}
