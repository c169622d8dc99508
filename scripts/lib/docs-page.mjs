// Makes a page from `redocly build-docs --inlineBundle` fully self-contained. Redoc 3 has no option
// to drop its "API docs by Redocly" badge, whose logo it loads from Redocly's CDN; hosted docs are
// read offline, behind firewalls and under strict Content-Security-Policies. So the two logo URLs
// in the page's script are replaced by a small text-only SVG of our own, inlined as a data: URL.
// The badge and its link stay. (docs/decisions.md, "Docs pages load nothing from elsewhere")
const wordmark = (text, width) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="13" font-family="system-ui,sans-serif" font-size="13" font-weight="600" fill="#555">${text}</text></svg>`,
  )}`;

const REDOCLY_LOGOS = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': wordmark('Redocly', 56),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': wordmark('R', 12),
};

/** Returns `html` with Redoc's CDN logos inlined; throws if Redoc no longer has them (upgrade check). */
export function inlineRedocLogos(html, file) {
  let page = html;
  for (const [url, inline] of Object.entries(REDOCLY_LOGOS)) {
    if (!page.includes(url)) {
      throw new Error(`${file}: Redoc no longer loads ${url}; check what the badge loads now (test/docs/docs.test.ts fails on any off-origin request)`);
    }
    page = page.split(url).join(inline);
  }
  return page;
}
