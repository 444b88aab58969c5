import type { CsvValue } from '@ilumen/csv';
import type { Locale } from '@ilumen/db';
import { addDays, localDate, localDateSchema, localMonth, localMonthSchema } from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { canUseHomeView, requireSite, requireUser } from '../policy';
import { formatAddress } from '../sites/address';
import { id, parseInput } from '../validation';
import { renderBillPdf, renderComparisonPdf } from './bill-pdf';
import { type SiteComparison, siteComparison } from './comparison';
import { ENERGY_RESOLUTIONS, energyCsvFileName, siteEnergyCsv } from './energy-csv';
import { billDaysOfMonth, siteBillInputs, siteBillOfDays } from './site-bill';

const siteInput = z.object({ siteId: id() });
const day = () =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), localDateSchema.or(z.literal('')).optional());
export const energyExportInput = z.object({
  siteId: id(),
  from: day(),
  to: day(),
  resolution: z.enum(ENERGY_RESOLUTIONS).default('quarter'),
});
const billPdfInput = z.object({ siteId: id(), month: localMonthSchema.optional() });

/** A longer file is refused: a year of quarters is 70,000 lines, what a spreadsheet still opens comfortably. */
const MAX_DAYS = 366;

/**
 * The homeowner's contract comparison (decision 191, 240) on the page, as a PDF and by mail, and their energy data
 * as Mijn Fluvius CSV and the month's bill as PDF (decision 241). Everything reads the site's data: whoever may read
 * it in the home view (its main user, an "Alle data" member, support's read-only view).
 */
export class ComparisonService {
  /** A job that only makes the PDF passes no job producer. */
  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'clock'> & { jobs?: ServiceDeps['jobs'] }) {}

  private async site(actor: Actor, siteId: number) {
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (actor.type !== 'system' && !canUseHomeView(actor, access)) throw notFound();
    const row = await this.deps.db
      .selectFrom('sites')
      .select(['street', 'house_number', 'postal_code', 'city'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    return { access, address: formatAddress(row) };
  }

  private today() {
    return localDate(this.deps.clock.now());
  }

  /** The comparison of the home's last 12 whole months (fewer when its data starts later). */
  async comparison(actor: Actor, input: unknown): Promise<SiteComparison> {
    const { siteId } = parseInput(siteInput, input);
    await this.site(actor, siteId);
    return siteComparison(this.deps.db, siteId, this.today());
  }

  /** The comparison as a PDF in the reader's language; null when there is no whole month yet. */
  async comparisonPdf(
    actor: Actor,
    input: unknown,
    locale: Locale,
  ): Promise<{ filename: string; pdf: Buffer; from: string; to: string; address: string } | null> {
    const { siteId } = parseInput(siteInput, input);
    const { address } = await this.site(actor, siteId);
    const today = this.today();
    const c = await siteComparison(this.deps.db, siteId, today);
    if (c.state !== 'ready') return null;
    const pdf = await renderComparisonPdf(c, locale, address, today);
    return {
      filename: `contractvergelijking-${c.firstDay}-${c.lastDay}.pdf`,
      pdf,
      from: c.firstDay,
      to: c.lastDay,
      address,
    };
  }

  /**
   * Mails the comparison's PDF to the person asking (`exports.contractComparison`). One mail per person, address and
   * Brussels day: asking again the same day queues nothing new (the job id is those three).
   */
  async mailComparison(actor: Actor, input: unknown): Promise<{ email: string }> {
    const user = requireUser(actor);
    const { siteId } = parseInput(siteInput, input);
    await this.site(actor, siteId);
    const today = this.today();
    if (!this.deps.jobs) throw new Error('ComparisonService: no job producer to queue the mail');
    await this.deps.jobs.add(
      'exports',
      'contractComparison',
      { siteId, userId: user.userId },
      { jobId: `contract-comparison-${siteId}-${user.userId}-${today}` },
    );
    return { email: user.email };
  }

  /** Checks an energy export's period; the file's URL when it is right (the form then downloads it). */
  async checkEnergyExport(actor: Actor, input: unknown): Promise<{ url: string }> {
    // who may read the address first: someone else learns nothing, not even that the period is wrong
    await this.site(actor, parseInput(siteInput, input).siteId);
    const q = this.period(parseInput(energyExportInput, input));
    return {
      url: `/app/sites/${q.siteId}/energy.csv?from=${q.from}&to=${q.to}&resolution=${q.resolution}`,
    };
  }

  private period(q: z.infer<typeof energyExportInput>) {
    const missing = (['from', 'to'] as const).filter((k) => !q[k]);
    if (missing.length > 0)
      throw new AppError(
        'validation',
        'validation.form',
        {},
        Object.fromEntries(missing.map((k) => [k, { key: 'validation.required' }])),
      );
    const from = q.from!;
    const to = q.to!;
    if (from > to)
      throw new AppError('validation', 'validation.form', {}, { to: { key: 'energyExport.periodOrder' } });
    if (addDays(from, MAX_DAYS - 1) < to)
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { from: { key: 'energyExport.periodTooLong' } },
      );
    return { siteId: q.siteId, from, to, resolution: q.resolution };
  }

  /** The home's quarters, hours or days of a period as Mijn Fluvius exports them. */
  async energyCsv(actor: Actor, input: unknown): Promise<{ filename: string; rows: CsvValue[][] }> {
    await this.site(actor, parseInput(siteInput, input).siteId);
    const q = this.period(parseInput(energyExportInput, input));
    const { rows, ean } = await siteEnergyCsv(this.deps.db, q.siteId, q.from, q.to, q.resolution);
    return { filename: energyCsvFileName(ean, q.from, q.to, q.resolution), rows };
  }

  /** A month's bill as a PDF (this month by default). */
  async billPdf(actor: Actor, input: unknown, locale: Locale): Promise<{ filename: string; pdf: Buffer }> {
    const q = parseInput(billPdfInput, input);
    const { address } = await this.site(actor, q.siteId);
    const month = q.month ?? localMonth(this.deps.clock.now());
    const inputs = await siteBillInputs(this.deps.db, q.siteId);
    // a month still running is billed up to today, as the bill page does
    const days = billDaysOfMonth(month, this.today());
    const bill = await siteBillOfDays(this.deps.db, q.siteId, inputs, days.firstDay, days.lastDay);
    const pdf = await renderBillPdf(bill, month, inputs.area, locale, address, this.today());
    return { filename: `factuur-${month}.pdf`, pdf };
  }
}
