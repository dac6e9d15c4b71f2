// Field paths as the command line writes them (1-based): sections[1].articles[2].title.
export function fieldOf(list, index) {
  // "sections.0.articles" + 1 → "sections[1].articles[2]"
  const parts = list.split(".");
  let out = "";
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i];
    if (/^\d+$/.test(p)) out += `[${Number(p) + 1}]`;
    else out += (out ? "." : "") + p;
  }
  return `${out}[${index + 1}]`;
}

// Set or remove a key: empty text and null remove it (the series default applies then).
export function setKey(obj, key, value) {
  if (value === "" || value === null || value === undefined || Number.isNaN(value)) delete obj[key];
  else obj[key] = value;
}

export function lines(text) {
  return text.split("\n").map((l) => l.trim()).filter((l) => l);
}
