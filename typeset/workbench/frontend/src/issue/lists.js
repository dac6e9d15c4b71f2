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

// The dragged item's list is named in the data's type (readable during dragover, unlike the
// data itself); its index is the data, read on drop.
const typeOf = (list) => `application/x-typeset-item-${list.toLowerCase()}`;
const carries = (e, item) => e.dataTransfer?.types.includes(typeOf(item.dataset.list));

// Wire drag-and-drop on an item element; `moved(list, from, to)` does the move.
export function draggable(item, handle, moved) {
  handle.draggable = true;
  handle.addEventListener("dragstart", (e) => {
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData(typeOf(item.dataset.list), item.dataset.index);
    e.dataTransfer.setDragImage(item, 10, 10);
    e.stopPropagation();
  });
  item.addEventListener("dragover", (e) => {
    if (!carries(e, item)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = "move";
    item.classList.add("drop-target");
  });
  item.addEventListener("dragleave", () => item.classList.remove("drop-target"));
  item.addEventListener("drop", (e) => {
    item.classList.remove("drop-target");
    if (!carries(e, item)) return;
    e.preventDefault();
    e.stopPropagation();
    const from = Number(e.dataTransfer.getData(typeOf(item.dataset.list)));
    moved(item.dataset.list, from, Number(item.dataset.index));
  });
}
