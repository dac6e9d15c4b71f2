// Reordering the form's lists: by the 上移/下移 buttons, Alt+↑/↓ and drag and drop.
// Every item element carries data-list (the list's path in the document, e.g.
// "sections.0.articles") and data-index; the form is drawn again after a move.

export function listAt(doc, path) {
  return path.split(".").reduce((node, key) => node?.[/^\d+$/.test(key) ? Number(key) : key], doc);
}

export function move(list, from, to) {
  if (to < 0 || to >= list.length || from === to) return false;
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item);
  return true;
}

// The innermost item around an element (a paragraph before its article before its section).
export function itemOf(el) {
  return el?.closest?.(".item") || null;
}

let dragged = null; // {list, index} of the item being dragged

// Wire drag-and-drop on an item element; `moved(list, from, to)` does the move.
export function draggable(item, handle, moved) {
  handle.draggable = true;
  handle.addEventListener("dragstart", (e) => {
    dragged = { list: item.dataset.list, index: Number(item.dataset.index) };
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", item.dataset.field || "");
    e.dataTransfer.setDragImage(item, 10, 10);
    e.stopPropagation();
  });
  handle.addEventListener("dragend", () => { dragged = null; });
  item.addEventListener("dragover", (e) => {
    if (!dragged || dragged.list !== item.dataset.list) return;
    e.preventDefault();
    e.stopPropagation();
    item.classList.add("drop-target");
  });
  item.addEventListener("dragleave", () => item.classList.remove("drop-target"));
  item.addEventListener("drop", (e) => {
    item.classList.remove("drop-target");
    if (!dragged || dragged.list !== item.dataset.list) return;
    e.preventDefault();
    e.stopPropagation();
    const from = dragged.index;
    dragged = null;
    moved(item.dataset.list, from, Number(item.dataset.index));
  });
}
