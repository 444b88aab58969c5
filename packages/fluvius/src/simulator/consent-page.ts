import type { EanFault } from '../ean';
import { brusselsLocalDate } from '../time/brussels-time';
import { escapeHtml } from './http-helpers';
import type { ShortUrlSession } from './simulator-store';

/**
 * A small stand-in for the Mijn Fluvius consent flow (Dutch, like the real one): enter or pick the EAN, ask for the
 * data ("Verbruiken aanvragen"), confirm ("Aanvraag bevestigen") or refuse ("Weigeren"). Plain HTML forms, so a
 * browser test can drive it with fills and clicks.
 */

const dataServiceLabels: Record<string, string> = {
  VH_dag: 'dagwaarden',
  VH_kwartier_uur: 'kwartierwaarden',
  VH_half_uur: 'halfuurwaarden',
  VH_onbepaald: 'verbruiksgegevens',
  IG: 'installatiegegevens',
};

export function eanFaultMessage(fault: EanFault): string {
  switch (fault.code) {
    case 'ean.non_digit':
      return 'Een EAN-code bestaat enkel uit cijfers.';
    case 'ean.length':
      return `Een EAN-code telt 18 cijfers; je gaf er ${fault.length} in.`;
    case 'ean.not_belgian':
      return 'Een Belgische EAN-code begint met 54.';
    case 'ean.check_digit':
      return 'Deze EAN-code bestaat niet: controleer de cijfers (het controlecijfer klopt niet).';
  }
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Mijn Fluvius (simulator)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1b; }
  header { border-bottom: 4px solid #c6d300; margin-bottom: 1.5rem; }
  header strong { color: #6d2077; font-size: 1.4rem; }
  label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
  input[type=text] { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  .check { font-weight: normal; }
  .error { color: #b00020; margin: .5rem 0; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { padding: .6rem 1rem; font-size: 1rem; border-radius: .3rem; border: 1px solid #6d2077; cursor: pointer; }
  button.primary { background: #6d2077; color: white; }
  button.secondary { background: white; color: #6d2077; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; }
  dt { font-weight: 600; }
</style>
</head>
<body>
<header><strong>Mijn Fluvius</strong> <small>simulator</small></header>
<main>
${body}
</main>
</body>
</html>`;
}

function describeRequest(session: ShortUrlSession, serviceProviderName: string): string {
  const services = session.dataServices
    .map(
      (s) =>
        `${dataServiceLabels[s.dataServiceType] ?? s.dataServiceType} van ${brusselsLocalDate(s.dataPeriodFrom)} tot ${brusselsLocalDate(s.dataPeriodTo)}`,
    )
    .join(', ');
  return `<p><strong>${escapeHtml(serviceProviderName)}</strong> vraagt toegang tot je verbruiksgegevens: ${escapeHtml(services)}.</p>`;
}

export function renderEanForm(
  session: ShortUrlSession,
  serviceProviderName: string,
  formPath: string,
  state: { ean?: string; error?: string; knownEans: string[] },
): string {
  const options = state.knownEans.map((ean) => `<option value="${escapeHtml(ean)}"></option>`).join('');
  return page(
    'Verbruiken aanvragen',
    `<h1>Aanvraag van een energiedienstverlener</h1>
${describeRequest(session, serviceProviderName)}
<form method="post" action="${escapeHtml(formPath)}">
  <input type="hidden" name="id" value="${escapeHtml(session.id)}">
  <label for="ean">EAN-code van je aansluiting</label>
  <input type="text" id="ean" name="ean" list="known-eans" inputmode="numeric" autocomplete="off" placeholder="54…" value="${escapeHtml(state.ean ?? '')}">
  <datalist id="known-eans">${options}</datalist>
  ${state.error ? `<p class="error" role="alert">${escapeHtml(state.error)}</p>` : ''}
  <label class="check"><input type="checkbox" name="holder" value="1" checked> Ik ben de houder van het energiecontract</label>
  <div class="actions">
    <button class="primary" type="submit" name="action" value="request">Verbruiken aanvragen</button>
    <button class="secondary" type="submit" name="action" value="refuse">Weigeren</button>
  </div>
</form>`,
  );
}

export function renderConfirmation(
  session: ShortUrlSession,
  serviceProviderName: string,
  formPath: string,
  ean: string,
  holder: boolean,
): string {
  return page(
    'Aanvraag bevestigen',
    `<h1>Aanvraag bevestigen</h1>
${describeRequest(session, serviceProviderName)}
<dl>
  <dt>EAN-code</dt><dd>${escapeHtml(ean)}</dd>
  <dt>Energiedienstverlener</dt><dd>${escapeHtml(serviceProviderName)}</dd>
  <dt>Houder van het contract</dt><dd>${holder ? 'ja' : 'nee — de houder krijgt een e-mail om goed te keuren'}</dd>
</dl>
<form method="post" action="${escapeHtml(formPath)}">
  <input type="hidden" name="id" value="${escapeHtml(session.id)}">
  <input type="hidden" name="ean" value="${escapeHtml(ean)}">
  ${holder ? '<input type="hidden" name="holder" value="1">' : ''}
  <div class="actions">
    <button class="primary" type="submit" name="action" value="confirm">Aanvraag bevestigen</button>
    <button class="secondary" type="submit" name="action" value="refuse">Weigeren</button>
  </div>
</form>`,
  );
}

export function renderMessage(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}
