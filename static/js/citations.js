// Show a fact's sources while the pointer is over it or its "Source" control has keyboard focus.
// Without JavaScript the same <details> element opens and closes on click.
document.querySelectorAll("details.citations").forEach((details) => {
  const summary = details.querySelector("summary");
  let pinned = false; // opened by a click: stays open until clicked again

  const show = () => { details.open = true; };
  const hide = () => { if (!pinned) details.open = false; };

  summary.addEventListener("click", (event) => {
    if (details.open && !pinned) {
      // Already shown by hover or focus: the click keeps it open rather than closing it.
      event.preventDefault();
      pinned = true;
    } else {
      pinned = !details.open;
    }
  });
  details.addEventListener("mouseenter", show);
  details.addEventListener("mouseleave", hide);
  summary.addEventListener("focus", show);
  details.addEventListener("focusout", (event) => {
    if (!details.contains(event.relatedTarget)) hide();
  });
});

// On an announcement's page, mark every piece of the passage a link opened (#passage-<start>-<end>), even
// where a mention within it cuts it; the stylesheet alone marks its first piece.
const markOpenedPassage = () => {
  const opened = decodeURIComponent(location.hash.slice(1));
  document.querySelectorAll(".verbatim .cited").forEach((piece) => {
    piece.classList.toggle("opened", opened !== "" && piece.dataset.passages.split(" ").includes(opened));
  });
};
if (document.querySelector(".verbatim .cited")) {
  markOpenedPassage();
  window.addEventListener("hashchange", markOpenedPassage);
}
