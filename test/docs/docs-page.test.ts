// scripts/lib/docs-page.mjs: Redoc's CDN logos become inline SVGs, and a Redoc that no longer
// loads them stops the build instead of passing silently.
import { describe, expect, it } from 'vitest';
import { inlineRedocLogos } from '../../scripts/lib/docs-page.mjs';

const FULL = 'https://cdn.redoc.ly/redoc/logo-mini-full.svg';
const MINI = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

describe('docs page post-processing', () => {
  it('replaces both logo URLs, every occurrence, with data: SVGs', () => {
    const page = inlineRedocLogos(`src:e?\`${FULL}\`:\`${MINI}\`; again ${FULL}`, 'x.html');
    expect(page).not.toContain('cdn.redoc.ly');
    expect(page.match(/data:image\/svg\+xml,/g)).toHaveLength(3);
    expect(decodeURIComponent(page)).toContain('>Redocly</text>');
  });

  it('fails, naming the page and the URL, when Redoc no longer uses a logo URL', () => {
    expect(() => inlineRedocLogos(`only ${FULL}`, 'dist/docs/cbr.html')).toThrow(/dist\/docs\/cbr\.html: Redoc no longer loads https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini\.svg/);
  });
});
