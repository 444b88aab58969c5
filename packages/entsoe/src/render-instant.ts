/** ENTSO-E's instant style in documents: `2024-10-07T22:00Z`. */
export function formatEntsoeInstant(instant: number): string {
  return new Date(instant).toISOString().slice(0, 16) + 'Z';
}
