// The issue being edited: the document (form), its YAML, the version it is based on.
// Unsaved work is kept in sessionStorage until saved, so a reload or a server restart loses nothing.
const listeners = new Set();

export const state = {
  target: document.body.dataset.target,
  file: "",
  version: "",       // sha256 of the file this editing is based on
  doc: null,         // the document as plain JSON (the form edits it in place)
  yaml: "",          // the YAML text (what the YAML view shows; after a check: what saving would write)
  mode: "form",      // "form" or "yaml": the view shown
  source: "form",    // "form" or "yaml": which one holds the newest edit (what check and save send)
  dirty: false,
  defaults: {},      // the series' colophon defaults
  problems: [],
};

const key = () => `typeset:unsaved:${state.target}`;

export function onChange(fn) {
  listeners.add(fn);
}

// Something was edited (in the form: state.doc changed in place; in YAML: state.yaml).
export function edited(source) {
  state.source = source;
  state.dirty = true;
  keep();
  for (const fn of listeners) fn();
}

export function notify() {
  for (const fn of listeners) fn();
}

export function keep() {
  try {
    sessionStorage.setItem(key(), JSON.stringify({ base: state.version, mode: state.mode, source: state.source,
      doc: state.doc, yaml: state.yaml }));
  } catch {
    // storage full or disabled: the page itself still holds the text
  }
}

export function kept() {
  try {
    return JSON.parse(sessionStorage.getItem(key()) || "null");
  } catch {
    return null;
  }
}

export function saved(version, yaml) {
  state.version = version;
  state.yaml = yaml;
  state.dirty = false;
  sessionStorage.removeItem(key());
  for (const fn of listeners) fn();
}
