// 下载 PDF / DOCX / 网页版 / 合订本, each with its page count when the server knows it.
import { at, getJSON } from "../lib/api.js";
import { h } from "../lib/dom.js";

export function downloads(target, year) {
  const t = encodeURIComponent(target);
  const links = {
    pdf: h("a", { href: at(`/${t}.pdf`), download: `${target}.pdf` }, "下载 PDF"),
    docx: h("a", { href: at(`/${t}.docx`), download: `${target}.docx` }, "下载 DOCX"),
    html: h("a", { href: at(`/${t}.html`), download: `${target}.html` }, "下载网页版"),
    book: h("a", { href: at(`/_book/${year}.pdf`), download: `${year}.pdf` }, "下载合订本"),
  };
  const counts = {};
  for (const [k, a] of Object.entries(links)) {
    counts[k] = h("span", { class: "count" });
    a.append(counts[k]);
  }
  const el = h("nav", { class: "downloads", "aria-label": "下载" }, Object.values(links));
  const update = async () => {
    const r = await getJSON(`/_api/issue/${t}/outputs`).catch(() => null);
    for (const [k, span] of Object.entries(counts)) {
      const pages = r?.ok ? r.body?.[k]?.pages : null;
      span.textContent = pages ? `（${pages} 页）` : "";
    }
  };
  update();
  return { el, update, setYear(y) { links.book.href = at(`/_book/${y}.pdf`); links.book.download = `${y}.pdf`; } };
}
