import type { CommissioningView } from '@ilumen/services';
import type { SerializeFrom } from '@remix-run/node';

/** The wizard's data as the page receives it (dates as strings). */
export type WizardView = SerializeFrom<CommissioningView>;
