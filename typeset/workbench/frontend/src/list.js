// The list of issues: 新建一期, and the table refreshed when a file changes.
import { at, failure, getJSON, post } from "./lib/api.js";
import { listen } from "./lib/connection.js";
import { h } from "./lib/dom.js";

function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

// `typeset new`'s messages name its options; on this page they are the fields beside them.
export function inPageWords(message) {
  return String(message)
    .replace(/（typeset new [^）]*）/g, "")
    .replace(/请加 --same-day 确认/g, "请勾选“同一天再出一期”")
    .replace(/--same-day/g, "“同一天再出一期”")
    .replace(/--date/g, "“出刊日期”");
}

function row(r) {
  const total = r.target ? h("a", { href: at(`/${encodeURIComponent(r.target)}`) }, r.total) : r.total;
  const titles = (r.titles || []).flatMap((t, i) => (i ? [h("br"), t] : [t]));
  const check = r.ok ? h("span", { class: "ok" }, "通过")
    : [h("span", { class: "bad" }, "有错误"), `：${r.problem}`];
  return h("tr", {}, h("td", {}, total), h("td", {}, r.label), h("td", {}, r.date),
    h("td", {}, titles), h("td", {}, check));
}

async function refresh() {
  const r = await getJSON("/_api/issues");
  if (!r.ok || !Array.isArray(r.body.issues)) return;
  const head = ["总期号", "期号", "日期", "文章", "检查"].map((t) => h("th", {}, t));
  const table = h("table", {}, h("thead", {}, h("tr", {}, head)),
    h("tbody", {}, r.body.issues.map(row)));
  document.getElementById("issues").replaceChildren(table);
}

function setUp() {
  const form = document.getElementById("new-issue");
  const date = document.getElementById("new-date");
  const box = document.getElementById("new-problems");
  if (!date.value) date.value = today();
  // A refused date is marked at 出刊日期 (the message is its description) until it is changed.
  const clear = () => {
    date.removeAttribute("aria-invalid");
    box.hidden = true;
    box.replaceChildren();
  };
  date.addEventListener("input", clear);
  date.addEventListener("change", clear);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    box.hidden = true;
    if (!date.value) {
      box.replaceChildren(h("strong", {}, "没有新建："), "请填写出刊日期（年、月、日都要填完整，如 2024-04-02）。");
      box.hidden = false;
      date.setAttribute("aria-invalid", "true");
      date.focus();
      return;
    }
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const r = await post("/_api/issues", {
        date: date.value,
        same_day: document.getElementById("new-same-day").checked,
        supplement: document.getElementById("new-supplement").checked,
      });
      if (r.ok && r.body.target) {
        location.assign(at(`/${encodeURIComponent(r.body.target)}`));
        return;
      }
      box.replaceChildren(h("strong", {}, "没有新建："),
        h("ul", {}, (r.body.problems || [{ message: failure(r) }]).map((p) => h("li", {}, inPageWords(p.message)))));
      date.setAttribute("aria-invalid", "true");
      box.hidden = false;
      date.focus();
      return;
    } catch (err) {
      box.replaceChildren(err.message);
    } finally {
      submit.disabled = false;
    }
    box.hidden = false;
  });
  listen("/_api/events", () => refresh(), null);
}

setUp();
