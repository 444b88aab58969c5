/** Thrown only for programmer errors on the sending side (an invalid serial or payload we built ourselves). */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}
