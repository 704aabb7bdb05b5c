"""Security headers on static files, as pages carry them (issue 27).

WhiteNoise answers /static/ from inside the middleware list, so the middleware after it never sees those
responses (XFrameOptionsMiddleware among them), and an SVG opened on its own is a document that could
carry script. WHITENOISE_ADD_HEADERS_FUNCTION calls this for every file it serves.
"""

# Static files are styles, scripts, fonts and images: as a document, none may run or load anything.
STATIC_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
)


def add_security_headers(headers, path: str, url: str) -> None:
    headers["Content-Security-Policy"] = STATIC_CSP
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
