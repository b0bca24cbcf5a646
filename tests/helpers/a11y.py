"""Accessibility checks run in the browser on a rendered page.

Each function returns what a user would trip over (an empty list when nothing), so a
test reads `assert unnamed_fields(page) == []` and a failure names the culprits.
"""

# WCAG 2.2, 1.4.3: normal text needs 4.5:1 against its background; large text
# (24px, or 18.66px bold) needs 3:1.
NORMAL_TEXT_CONTRAST = 4.5
LARGE_TEXT_CONTRAST = 3.0

# Contrast of a text element against what is painted behind it, from computed styles.
# Backgrounds are composited from the root down (transparent layers let the page's
# white through); the text colour's own alpha is blended over that background.
_CONTRAST_JS = """
(element) => {
    const rgba = (css) => {
        const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
        return [r, g, b, a];
    };
    const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
        layers.push(rgba(getComputedStyle(node).backgroundColor));
    }
    const background = layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
    const text = over(rgba(getComputedStyle(element).color), background);
    const luminance = (rgb) => {
        const [r, g, b] = rgb.map((c) => {
            c /= 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    const style = getComputedStyle(element);
    const size = parseFloat(style.fontSize);
    return {
        ratio: (light + 0.05) / (dark + 0.05),
        large: size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700),
    };
}
"""

# Every element that paints some text of its own, visible on screen (not in SVG,
# whose text is coloured by `fill`, and not visually hidden for screen readers).
_TEXT_ELEMENTS_JS = """
() => {
    const elements = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const element = walker.currentNode.parentElement;
        if (!walker.currentNode.textContent.trim() || element.closest("svg, script, style")) continue;
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || !element.checkVisibility({visibilityProperty: true})) continue;
        elements.add(element);
    }
    return [...elements];
}
"""


def landmark_problems(page):
    """Return what is wrong with the page's landmarks: one main, a banner, navigation."""
    problems = []
    mains = page.get_by_role("main").count()
    if mains != 1:
        problems.append(f"{mains} main landmarks, not one")
    if page.get_by_role("banner").count() != 1:
        problems.append("no single <header> banner")
    if page.get_by_role("navigation").count() < 1:
        problems.append("no nav landmark")
    return problems


def heading_levels(page):
    """Return the levels of the page's headings, in document order."""
    return page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))"
    )


def heading_problems(page):
    """Return the headings that are a second h1 or skip a level going down (h1 then h3)."""
    problems = []
    levels = heading_levels(page)
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings, not one")
    previous = 0
    for level in levels:
        if level > previous + 1:
            problems.append(f"h{level} follows h{previous or '(none)'}: {levels}")
        previous = level
    return problems


def unnamed_fields(page):
    """Return the form fields that have no accessible name (no label, aria-label or title)."""
    return page.eval_on_selector_all(
        "input:not([type=hidden]), select, textarea, button",
        """fields => fields.filter(field => {
            const labelled = (field.getAttribute("aria-labelledby") || "").split(/\\s+/)
                .map(id => document.getElementById(id)?.textContent.trim()).some(Boolean);
            const labels = [...(field.labels || [])].some(label => label.textContent.trim());
            const button = field.tagName === "BUTTON" && field.textContent.trim();
            const value = ["submit", "reset", "button"].includes(field.type) && field.value.trim();
            return !(field.getAttribute("aria-label")?.trim() || labelled || labels || button
                     || value || field.title?.trim());
        }).map(field => field.outerHTML)""",
    )


def images_without_alt(page):
    """Return the <img> elements that have no alt attribute."""
    return page.eval_on_selector_all("img:not([alt])", "images => images.map(i => i.outerHTML)")


def unnamed_links(page):
    """Return the links with neither text (an image's alt, an SVG title) nor an aria-label."""
    return page.eval_on_selector_all(
        "a[href]",
        """links => links.filter(link => !(
            link.textContent.trim() || link.getAttribute("aria-label")?.trim()
            || [...link.querySelectorAll("img[alt]")].some(img => img.alt.trim())
        )).map(link => link.outerHTML)""",
    )


def focus_stops(page, limit=400):
    """Tab through the page from the top; return each focused element with how its focus shows.

    Each stop says the element, its computed outline, and whether it has a box on the
    screen once focused (a link around an empty SVG bar has none to show).
    """
    page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const element = document.activeElement;
                if (!element || element === document.body) return null;
                const style = getComputedStyle(element), box = element.getBoundingClientRect();
                return {
                    element: element.outerHTML.slice(0, 120),
                    outline: style.outlineStyle === "none" ? "none" : `${style.outlineStyle} ${style.outlineWidth}`,
                    on_screen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
                        && box.left < innerWidth && box.top < innerHeight,
                };
            }"""
        )
        if stop is None or stop in stops[:1]:
            return stops
        stops.append(stop)
    raise AssertionError(f"Tab never left the page after {limit} presses")


def unseen_focus(page):
    """Return the focus stops that show no outline, or have nothing on screen to show it on."""
    return [
        stop
        for stop in focus_stops(page)
        if stop["outline"] == "none" or stop["outline"].endswith(" 0px") or not stop["on_screen"]
    ]


def contrast_ratio(locator):
    """Return the contrast ratio of the element's text against its background."""
    return locator.evaluate(_CONTRAST_JS)["ratio"]


def low_contrast_text(page):
    """Return (text, ratio) for visible text below WCAG AA contrast against its background."""
    return [
        (text, round(ratio, 2))
        for text, ratio, large in page.evaluate(
            f"""() => {{
                const contrast = {_CONTRAST_JS};
                return ({_TEXT_ELEMENTS_JS})().map(element => {{
                    const {{ratio, large}} = contrast(element);
                    return [element.innerText.trim().slice(0, 60), ratio, large];
                }});
            }}"""
        )
        if ratio < (LARGE_TEXT_CONTRAST if large else NORMAL_TEXT_CONTRAST)
    ]
