// Talking to the server: JSON in and out, the CSRF token on every POST.
let token = document.querySelector('meta[name="csrf-token"]')?.content || "";

// The server's path prefix behind a reverse proxy (typeset serve --root-path), "" otherwise:
// every address the pages use is written from the root ("/_api/…") and prefixed here.
export const ROOT = document.body.dataset.root || "";
export const at = (path) => (path.startsWith("/") ? ROOT + path : path);

export class Offline extends Error {
  constructor() {
    super("无法连接服务器：typeset serve 可能已停止或正在重新启动。修改仍保留在本页，尚未保存。");
  }
}

async function send(url, options) {
  try {
    return await fetch(at(url), { cache: "no-store", credentials: "same-origin", ...options });
  } catch {
    throw new Offline();
  }
}

// A new token after the server restarted: read it from a fresh copy of this page.
async function renewToken() {
  const r = await send(location.href, {});
  if (!r.ok) return false;
  const doc = new DOMParser().parseFromString(await r.text(), "text/html");
  const fresh = doc.querySelector('meta[name="csrf-token"]')?.content || "";
  const changed = fresh !== token;
  token = fresh;
  return changed;
}

async function readJSON(r) {
  try {
    return await r.json();
  } catch {
    return {};
  }
}

export async function getJSON(url) {
  const r = await send(url, {});
  return { status: r.status, ok: r.ok, body: await readJSON(r) };
}

// POST a JSON body (or FormData for uploads); once more with a renewed token on 403.
export async function post(url, body) {
  const make = () => {
    const headers = { "X-CSRF-Token": token };
    if (body instanceof FormData) return { method: "POST", headers, body };
    return { method: "POST", headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify(body) };
  };
  let r = await send(url, make());
  if (r.status === 403 && (await renewToken())) r = await send(url, make());
  return { status: r.status, ok: r.ok, body: await readJSON(r) };
}

// The server's message for a failed request, in Chinese.
export function failure(result) {
  const problems = result.body?.problems;
  if (problems?.length) return problems.map((p) => p.message).join("\n");
  if (result.body?.error) return String(result.body.error);
  return `服务器没有完成这个操作（HTTP ${result.status}）。`;
}
