"""Hostile strings for the stored-XSS suite, and the checks that none of them came alive: one over the
HTML a page was served as, parsed as a browser parses it (html5lib follows the WHATWG algorithm), and one
run in Chromium over the document after its scripts ran."""

import json
from pathlib import Path

import html5lib

BLNS = json.loads((Path(__file__).resolve().parent.parent / "data" / "blns.json").read_text("utf-8"))

# Each one, if it ever ran, would open a dialog, set window.__xss or leave an element #xss-probe.
CLASSIC = [
    "<script>window.__xss=1;alert('xss')</script>",
    "<img id=xss-probe src=x onerror=\"window.__xss=1;alert('xss')\">",
    "<svg id=xss-probe onload=alert(1)>",
    '"><script>alert(document.domain)</script>',
    "'><img id=xss-probe src=x onerror=alert(1)>",
    '" autofocus onfocus="window.__xss=1" x="',
    "' onmouseover='window.__xss=1' x='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<details id=xss-probe open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe id=xss-probe src="javascript:alert(1)"></iframe>',
    '<object id=xss-probe data="javascript:alert(1)"></object>',
    '<embed id=xss-probe src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form id=xss-probe action="javascript:alert(1)"><button>go</button></form>',
    "<input id=xss-probe autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img id=xss-probe src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img id=xss-probe src=x onerror=alert(1)>">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click me</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "[markdown link](javascript:alert(1))",
    "[mixed case](JaVaScRiPt:alert(1))",
    "[entity](&#106;avascript:alert(1))",
    "[spaced]( javascript:alert(1) )",
    "![image](javascript:alert(1))",
    '![image](x" onerror="alert(1))',
    '<img src="x` `<script>alert(1)</script>"` `>',
    "javascript:alert(1)",
    "JaVaScRiPt:window.__xss=1",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "{{ 7|add:7 }}{% debug %}",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<style>*{background:url('javascript:alert(1)')}</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<<script>alert(1);//<</script>",
]

PAYLOADS = [*CLASSIC, *BLNS]


def chunks(payloads: list[str], limit: int, sep: str = "\n") -> list[str]:
    """Pack the payloads into as few strings of at most `limit` characters as possible, in order.

    A payload longer than the limit is cut to it: a field's maximum length is its own guard.
    """
    packed, current = [], ""
    for payload in payloads:
        payload = payload[:limit]
        if current and len(current) + len(sep) + len(payload) > limit:
            packed.append(current)
            current = ""
        current = f"{current}{sep}{payload}" if current else payload
    if current:
        packed.append(current)
    return packed


# Run in the page after it loaded: everything a stored payload could have brought to life.
FIND_LIVE_PAYLOADS = r"""
() => {
  const found = [];
  if (window.__xss !== undefined) found.push("window.__xss was set");
  if (document.getElementById("xss-probe")) found.push("an element #xss-probe exists");
  const hostileUrl = (value) => {
    const plain = (value || "").replace(/[\u0000-\u0020]/g, "").toLowerCase();
    return ["javascript:", "vbscript:", "data:text/html"].some((scheme) => plain.startsWith(scheme));
  };
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(`${element.tagName} has ${attribute.name}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href", "poster"].includes(attribute.name)
          && hostileUrl(attribute.value)) {
        found.push(`${element.tagName} ${attribute.name}=${attribute.value.slice(0, 60)}`);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    const src = script.getAttribute("src") || "";
    if (!src.startsWith("/static/")) found.push(`script not from /static/: ${script.outerHTML.slice(0, 80)}`);
  }
  for (const tag of ["iframe", "object", "embed", "base", "meta[http-equiv]", "style"]) {
    const nodes = document.querySelectorAll(tag);
    if (nodes.length) found.push(`${nodes.length} ${tag} element(s)`);
  }
  return found;
}
"""

HOSTILE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "style"}


def _local(name: str) -> str:
    """`svg`, not `{http://www.w3.org/2000/svg}svg`; `href`, not `{http://www.w3.org/1999/xlink}href`."""
    return name.rpartition("}")[2].lower()


def _hostile_url(value: str) -> bool:
    plain = "".join(ch for ch in value if ord(ch) > 0x20).lower()
    return plain.startswith(HOSTILE_SCHEMES)


def live_payloads(html: str) -> list[str]:
    """FIND_LIVE_PAYLOADS over served HTML: every element, handler attribute, script or URL in it that a
    stored payload could have brought to life, as a browser would build the document from it."""
    found = []
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    for element in parser.parse(html, scripting=True).iter():  # <noscript> read as a browser with JS does
        if not isinstance(element.tag, str):  # comments and the doctype
            continue
        tag = _local(element.tag)
        attributes = {_local(name): value for name, value in element.attrib.items()}
        if attributes.get("id") == "xss-probe":
            found.append(f"an element #xss-probe ({tag})")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"{tag} has {name}")
            if name in URL_ATTRIBUTES and _hostile_url(value):
                found.append(f"{tag} {name}={value[:60]}")
        if tag == "script" and not attributes.get("src", "").startswith("/static/"):
            found.append(f"script not from /static/: {attributes} {(element.text or '')[:60]}")
        if tag in FORBIDDEN_ELEMENTS or (tag == "meta" and "http-equiv" in attributes):
            found.append(f"a {tag} element")
    return found
