// Bundles src/ into ../static/ (run by scripts/setup.sh after `npm ci`).
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");

// codemirror-json-schema renders hover text with markdown-it plus shiki (a syntax highlighter
// that loads WebAssembly): our schema's descriptions are plain text, so markdown-it alone.
const plainMarkdown = {
  name: "plain-markdown",
  setup(build) {
    build.onResolve({ filter: /utils\/markdown(\.js)?$/ }, (args) =>
      args.importer.includes("codemirror-json-schema")
        ? { path: join(here, "src", "lib", "markdown.js") }
        : undefined);
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { list: join(here, "src", "list.js"), issue: join(here, "src", "issue.js") },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["chrome110", "firefox110", "edge110"],
  outdir: out,
  plugins: [plainMarkdown],
  logLevel: "warning",
});
cpSync(join(here, "src", "style.css"), join(out, "style.css"));
