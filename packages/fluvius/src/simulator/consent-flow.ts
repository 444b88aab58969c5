import type { ServerResponse } from 'node:http';
import { validateEan } from '../ean';
import { eanFaultMessage, renderConfirmation, renderEanForm, renderMessage } from './consent-page';
import { redirect, sendHtml } from './http-helpers';
import type { SimulatorOptions } from './simulator-options';
import type { ShortUrlSession, SimulatedMandate, SimulatorStore } from './simulator-store';

export const CONSENT_PATH = '/verbruik/dienstverlener';

interface ConsentContext {
  store: SimulatorStore;
  options: SimulatorOptions;
  now: Date;
}

function openSession(
  ctx: ConsentContext,
  id: string | null,
  response: ServerResponse,
): ShortUrlSession | null {
  const session = id ? ctx.store.shortUrls.get(id) : undefined;
  if (!session) {
    sendHtml(response, 404, renderMessage('Aanvraag niet gevonden', 'Deze link is ongeldig.'));
    return null;
  }
  if (session.outcome) {
    sendHtml(
      response,
      409,
      renderMessage('Aanvraag al behandeld', 'Deze aanvraag werd al bevestigd of geweigerd.'),
    );
    return null;
  }
  if (ctx.now > session.validTo) {
    sendHtml(response, 410, renderMessage('Link verlopen', 'Deze link is verlopen. Vraag een nieuwe aan.'));
    return null;
  }
  return session;
}

/** EANs this "homeowner" used before, offered in the datalist so a test or demo can pick one. */
function knownEans(store: SimulatorStore): string[] {
  return [...new Set(store.mandates.map((m) => m.ean))].slice(-10);
}

export function showConsentPage(ctx: ConsentContext, id: string | null, response: ServerResponse): void {
  const session = openSession(ctx, id, response);
  if (!session) return;
  sendHtml(
    response,
    200,
    renderEanForm(session, ctx.options.serviceProviderName, CONSENT_PATH, {
      knownEans: knownEans(ctx.store),
    }),
  );
}

function createMandates(
  ctx: ConsentContext,
  session: ShortUrlSession,
  ean: string,
  holder: boolean,
  refused: boolean,
): void {
  const { now, options, store } = ctx;
  const delayed = (ms: number) => new Date(now.getTime() + ms);
  const decision: SimulatedMandate['pendingDecision'] = refused
    ? { status: 'Rejected', at: delayed(options.decisionDelayMs) }
    : holder
      ? { status: 'Approved', at: delayed(options.decisionDelayMs) }
      : {
          status: 'Approved',
          at: options.contractHolderDelayMs === null ? null : delayed(options.contractHolderDelayMs),
        };
  for (const service of session.dataServices) {
    const mandate: SimulatedMandate = {
      referenceNumber: session.referenceNumber,
      ean,
      energyType: store.energyTypeOf(ean),
      dataServiceType: service.dataServiceType,
      dataPeriodFrom: service.dataPeriodFrom,
      dataPeriodTo: service.dataPeriodTo,
      status: 'Requested',
      mandateExpirationDate: service.dataPeriodTo,
      renewalStatusOverride: null,
      pendingDecision: decision,
      revoked: false,
      createdAt: now,
      updatedAt: now,
    };
    store.mandates.push(store.refresh(mandate, now));
  }
}

/** POST of the consent form: `action` is request (step 1), confirm (step 2) or refuse (either step). */
export function handleConsentForm(
  ctx: ConsentContext,
  form: URLSearchParams,
  response: ServerResponse,
): void {
  const session = openSession(ctx, form.get('id'), response);
  if (!session) return;
  const action = form.get('action');
  const holder = form.get('holder') === '1';
  const rawEan = form.get('ean') ?? '';

  if (action === 'refuse') {
    const ean = validateEan(rawEan);
    // Refused before an EAN was chosen: Fluvius has nothing to record, the service provider only sees the return.
    if (ean.ok) createMandates(ctx, session, ean.ean, holder, true);
    session.outcome = 'refused';
    redirect(response, session.returnUrlFailed);
    return;
  }

  const ean = validateEan(rawEan);
  if (!ean.ok) {
    const error =
      rawEan.trim() === '' ? 'Geef de EAN-code van je aansluiting in.' : eanFaultMessage(ean.fault);
    sendHtml(
      response,
      422,
      renderEanForm(session, ctx.options.serviceProviderName, CONSENT_PATH, {
        ean: rawEan,
        error,
        knownEans: knownEans(ctx.store),
      }),
    );
    return;
  }

  if (action === 'request') {
    sendHtml(
      response,
      200,
      renderConfirmation(session, ctx.options.serviceProviderName, CONSENT_PATH, ean.ean, holder),
    );
    return;
  }
  if (action === 'confirm') {
    createMandates(ctx, session, ean.ean, holder, false);
    session.outcome = 'confirmed';
    redirect(response, session.returnUrlSuccess);
    return;
  }
  sendHtml(response, 400, renderMessage('Onbekende actie', 'Probeer opnieuw vanaf de link.'));
}
