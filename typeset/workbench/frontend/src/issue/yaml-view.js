// The YAML itself in CodeMirror 6: YAML mode, completion and hover from the issue schema,
// the engine's located problems as lint marks on their lines.
import { basicSetup, EditorView } from "codemirror";
import { EditorState } from "@codemirror/state";
import { yaml, yamlLanguage } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { hoverTooltip } from "@codemirror/view";
import { stateExtensions, updateSchema } from "codemirror-json-schema";
import { yamlCompletion, yamlSchemaHover } from "codemirror-json-schema/yaml";

export function createYamlView(parent, { text, onChange }) {
  let quiet = false; // set while the text is replaced from outside (not the editor's typing)
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
        hoverTooltip(yamlSchemaHover()),
        stateExtensions({}),
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": "YAML 文本" }),
        EditorView.updateListener.of((u) => { if (u.docChanged && !quiet) onChange(view.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(t) {
      if (t === view.state.doc.toString()) return;
      quiet = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
      quiet = false;
    },
    setSchema(schema) { updateSchema(view, schema); },
    // problems: [{message, warning, origin: [file, line, column]}] of this file's text
    mark(problems) {
      const doc = view.state.doc;
      const diagnostics = problems.filter((p) => p.origin?.[1] >= 1 && p.origin[1] <= doc.lines).map((p) => {
        const line = doc.line(p.origin[1]);
        const from = Math.min(line.from + Math.max((p.origin[2] || 1) - 1, 0), line.to);
        return { from, to: Math.max(line.to, from), severity: p.warning ? "warning" : "error", message: p.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo(line) {
      if (line < 1 || line > view.state.doc.lines) return;
      const pos = view.state.doc.line(line).from;
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}
