"""Checks run in the browser on every page a browser test visits: what a visitor would notice."""

from pathlib import Path

from django.conf import settings

# Screenshots of every page the browser tests visit, one folder per test.
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "test-output" / "screenshots"

# WCAG 2.1 AA: text contrast 4.5:1 (3:1 when large), labelled controls, one h1,
# the page's landmarks and language. Returns what is wrong, as readable lines.
AUDIT = """() => {
  const problems = [];
  const rgba = (colour) => {
    const parts = (colour.match(/rgba?\\(([^)]+)\\)/) || [])[1];
    if (!parts) return null;
    const [r, g, b, a] = parts.split(",").map(parseFloat);
    return {r, g, b, a: a === undefined ? 1 : a};
  };
  const luminance = ({r, g, b}) => {
    const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour && colour.a > 0.99) return colour;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element) || element.closest("svg")) continue;
    seen.add(element);
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.visibility === "hidden" || box.width === 0 || box.height === 0) continue;
    const [fg, bg] = [luminance(rgba(style.color)), luminance(background(element))];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      const text = element.textContent.trim().slice(0, 40);
      problems.push(`contrast ${ratio.toFixed(2)}: <${element.tagName.toLowerCase()}> "${text}"`);
    }
  }
  for (const control of document.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    const named = (control.labels && control.labels.length) || control.getAttribute("aria-label")
      || control.getAttribute("aria-labelledby") || (control.tagName === "BUTTON" && control.textContent.trim());
    if (!named) problems.push(`no label: <${control.tagName.toLowerCase()} name="${control.name}">`);
  }
  const headings = document.querySelectorAll("h1").length;
  if (headings !== 1) problems.push(`${headings} <h1> elements`);
  for (const landmark of ["header", "nav", "main", "footer"]) {
    if (!document.querySelector(landmark)) problems.push(`no <${landmark}>`);
  }
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  return problems;
}"""


def audit_visited_pages(tab, urls, folder):
    """Open each page again, save a screenshot and return {url: problems} for those with any."""
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for number, url in enumerate(urls, start=1):
        tab.goto(url)
        name = url.split("://", 1)[-1].split("/", 1)[-1].strip("/").replace("/", "_").replace("?", "_") or "home"
        tab.screenshot(path=folder / f"{number:02d}-{name[:80]}.png", full_page=True)
        problems = tab.evaluate(AUDIT)
        if problems:
            found[url] = problems
    return found
