// Drag to pan and scroll to zoom the partnership graphs (SVG drawn on the server; links work without this).
document.querySelectorAll("svg[data-pan-zoom]").forEach((svg) => {
  const box = svg.viewBox.baseVal;
  let drag = null;

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const factor = event.deltaY < 0 ? 0.85 : 1 / 0.85;
    const rect = svg.getBoundingClientRect();
    // Zoom about the pointer.
    const x = box.x + ((event.clientX - rect.left) / rect.width) * box.width;
    const y = box.y + ((event.clientY - rect.top) / rect.height) * box.height;
    box.x = x - (x - box.x) * factor;
    box.y = y - (y - box.y) * factor;
    box.width *= factor;
    box.height *= factor;
  }, { passive: false });

  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest("a")) return; // a click on a record opens it
    drag = { x: event.clientX, y: event.clientY, boxX: box.x, boxY: box.y };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    box.x = drag.boxX - ((event.clientX - drag.x) / rect.width) * box.width;
    box.y = drag.boxY - ((event.clientY - drag.y) / rect.height) * box.height;
  });
  svg.addEventListener("pointerup", () => { drag = null; });
});
