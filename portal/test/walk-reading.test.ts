import { describe, expect, it } from 'vitest';
import { foreignText, pageLinks, pageShape, rawKeys, visibleText } from './support/walk';

// The product walk's reading of a page (test/e2e/walk.e2e.test.ts) finds what a person would notice: a message key
// where a text belongs, a sentence of another language, a link to follow.
describe("the walk's reading of a page", () => {
  it('reads what a person sees: no scripts, no code, one line per element', () => {
    const html =
      '<html><head><title>t.key.here</title><script>window.x = "sites.status.active"</script></head><body><h1>Sites &amp; meters</h1><p>Stand-by</p><code>site_id: 4</code></body></html>';
    expect(visibleText(html)).toBe('Sites & meters\nStand-by');
  });

  it('finds message keys and codes, not addresses, e-mail addresses or numbers', () => {
    expect(rawKeys('Status: sites.status.active')).toEqual(['sites.status.active']);
    expect(rawKeys('Alarm gateway_offline sinds 08:00')).toEqual(['gateway_offline']);
    expect(rawKeys('mandates.title')).toEqual(['mandates.title']);
    expect(rawKeys('jan.peeters@example.be · www.ilumen.be · 1.234,5 kWh · v1.4.0')).toEqual([]);
  });

  it('finds another language on the page, not the Flemish names of the demo', () => {
    expect(foreignText('Instellingen\nThe gateway is not connected to your network', 'nl')).not.toEqual([]);
    expect(foreignText('Paramètres\nDe gateway is niet verbonden met het netwerk', 'fr')).not.toEqual([]);
    expect(foreignText('Settings\nLe compteur est lié à votre adresse', 'en')).not.toEqual([]);
    expect(foreignText('Molenstraat 18, 9200 Dendermonde\nJan Peeters\nZonnewarmte BV', 'fr')).toEqual([]);
    expect(foreignText('De gateway is niet verbonden met het netwerk', 'nl')).toEqual([]);
    // a gateway's technical lines, short and with few small words: what the control timeline showed (issue 14 §4)
    expect(foreignText('Laadsessie\nfast charging: full current', 'nl')).not.toEqual([]);
    expect(
      foreignText('keeping the quarter under 2.5 kW (the home takes 3.1 kW): discharge at least 600 W', 'fr'),
    ).not.toEqual([]);
    expect(foreignText('smart: solar surplus 1200 W with 0 % from the grid allowed: 6 A', 'nl')).not.toEqual(
      [],
    );
    expect(foreignText('Snelladen: de laadpaal geeft de volle laadstroom.', 'nl')).toEqual([]);
    expect(foreignText('Recharge rapide : la borne donne le courant maximal.', 'fr')).toEqual([]);
  });

  it('follows links within the portal, and walks a list through a few of its rows', () => {
    const html =
      '<a href="/console/sites/4?sort=city&amp;desc=1">a</a><a href="/app/exports/x.csv">b</a><a href="https://x.be">c</a><a href="/console">d</a>';
    expect(pageLinks(html)).toEqual(['/console/sites/4?sort=city&desc=1', '/console']);
    expect(pageShape('/console/sites/4/edit')).toBe(pageShape('/console/sites/17/edit'));
    expect(pageShape('/console/sites?sort=city&desc=1')).toBe('/console/sites?desc&sort');
  });
});
