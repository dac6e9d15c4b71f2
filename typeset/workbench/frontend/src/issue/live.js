// The live pages beside the editor: drawn anew after each rebuild (/{target}/events).
import { at } from "../lib/api.js";
import { listen } from "../lib/connection.js";

export function watchPreview(target, onNewVersion) {
  const base = `/${encodeURIComponent(target)}`;
  const refresh = async () => {
    const r = await fetch(at(`${base}/live`), { cache: "no-store" });
    if (!r.ok) return;
    const live = document.getElementById("live");
    const open = [...live.querySelectorAll("details[open]")].map((d) => d.querySelector("summary")?.textContent);
    live.outerHTML = await r.text();
    document.querySelectorAll("#live details").forEach((d) => {
      if (open.includes(d.querySelector("summary")?.textContent)) d.open = true;
    });
    onNewVersion();
  };
  // After a server restart the preview exists again once the issue page is asked for.
  const ready = async () => {
    const r = await fetch(at(base), { cache: "no-store" });
    if (!r.ok) throw new Error("not ready");
  };
  listen(`${base}/events`, (version) => {
    if (version !== document.getElementById("live")?.dataset.version) refresh();
  }, ready);
}
