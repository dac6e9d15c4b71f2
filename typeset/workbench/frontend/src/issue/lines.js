// Which field a line of the YAML holds: sections[1].articles[2].title, for a problem the
// engine located by line and column only (a title too long to set, found while composing).
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

export function fieldAt(text, line, column = 1) {
  const counter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: counter });
  } catch {
    return null;
  }
  const start = counter.lineStarts[line - 1];
  if (start === undefined) return null;
  const end = counter.lineStarts[line] ?? text.length;
  const pos = Math.min(start + Math.max(column - 1, 0), end);
  let best = null;
  const covers = (from, to) => from <= pos && pos <= to || (from >= start && from < end);
  const walk = (node, path) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const from = pair.key?.range?.[0];
        const to = pair.value?.range?.[2] ?? pair.key?.range?.[2];
        if (from === undefined || !covers(from, to)) continue;
        const here = path ? `${path}.${pair.key.value}` : String(pair.key.value);
        best = here;
        walk(pair.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (!item?.range || !covers(item.range[0], item.range[2])) return;
        best = `${path}[${i + 1}]`;
        walk(item, best);
      });
    }
  };
  walk(doc.contents, "");
  return best;
}
