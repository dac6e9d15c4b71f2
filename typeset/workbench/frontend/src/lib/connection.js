// Server-Sent Events with the connection shown in the page header: a lost connection or a
// restarted server is said plainly, and the stream is opened again when the server is back.
import { at } from "./api.js";

const banner = () => document.getElementById("connection");

function show(text, bad) {
  const el = banner();
  if (!el) return;
  el.textContent = text;
  el.classList.toggle("bad", bad);
}

export function lost() {
  const kept = document.body.dataset.target ? "本页未保存的修改仍然保留。" : "";
  show(`与服务器的连接已断开，正在重试……${kept}`, true);
}

export function back() {
  show("已重新连接服务器。", false);
  setTimeout(() => { if (!banner()?.classList.contains("bad")) show("", false); }, 4000);
}

// Open `url` as an event stream; `ready` (async, may be omitted) is awaited before each
// reopening (e.g. to have the server prepare the stream again after a restart).
export function listen(url, onData, ready = null) {
  let source = null;
  let failed = false;
  const open = () => {
    source = new EventSource(at(url));
    source.addEventListener("open", () => {
      if (failed) back();
      failed = false;
    });
    source.addEventListener("message", (e) => onData(e.data, failed));
    source.addEventListener("error", () => {
      failed = true;
      lost();
      if (source.readyState === EventSource.CLOSED) retry();
    });
  };
  const retry = () => setTimeout(async () => {
    try {
      if (ready) await ready();
      open();
    } catch {
      retry();
    }
  }, 2000);
  open();
  return () => source?.close();
}
