// Stand-in for codemirror-json-schema's markdown renderer: markdown-it, no highlighter.
import md from "markdown-it";

const renderer = md({ linkify: false, typographer: false });

export function renderMarkdown(markdown, inline = true) {
  return inline ? renderer.renderInline(markdown) : renderer.render(markdown);
}
