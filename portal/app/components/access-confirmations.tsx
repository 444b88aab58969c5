import { useCallback, useState } from 'react';
import { useT } from '~/lib/i18n';
import { ConfirmModal } from './form-modal';

/**
 * The question before a pending invitation is revoked (an organization's page, and within `useAccessConfirmations`):
 * `revoke` asks, `modal` is placed once in the page.
 */
export function useRevokeConfirmation<I extends { id: number; email: string }>(revokeIntent: string) {
  const t = useT();
  const [revoking, setRevoking] = useState<I | null>(null);
  const closeRevoke = useCallback(() => setRevoking(null), []);
  const modal = (
    <ConfirmModal
      item={revoking}
      onClose={closeRevoke}
      title={t('users.invite.revoke')}
      intent={revokeIntent}
      submitLabel={t('users.invite.revoke')}
      fields={(i) => ({ invitationId: i.id })}
      message={(i) => t('users.invite.revoke.confirm', { email: i.email })}
    />
  );
  return { revoke: setRevoking, modal };
}

/**
 * The questions before a person loses access to a site or a pending invitation is revoked, on the console's site page
 * and in the homeowner's users panel: `remove` and `revoke` ask, `modals` is placed once in the page.
 */
export function useAccessConfirmations<
  M extends { userId: number; email: string },
  I extends { id: number; email: string },
>({
  removeIntent,
  revokeIntent,
  removeMessage,
}: {
  removeIntent: string;
  revokeIntent: string;
  removeMessage: (email: string) => string;
}) {
  const t = useT();
  const [removing, setRemoving] = useState<M | null>(null);
  const { revoke, modal } = useRevokeConfirmation<I>(revokeIntent);
  const closeRemove = useCallback(() => setRemoving(null), []);
  const modals = (
    <>
      <ConfirmModal
        item={removing}
        onClose={closeRemove}
        title={t('common.delete')}
        intent={removeIntent}
        submitLabel={t('common.delete')}
        fields={(m) => ({ userId: m.userId, email: m.email })}
        message={(m) => removeMessage(m.email)}
      />
      {modal}
    </>
  );
  return { remove: setRemoving, revoke, modals };
}
