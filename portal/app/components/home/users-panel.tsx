import { formatDate } from '@ilumen/i18n';
import { Alert, Badge, Button, Card, Checkbox, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLocale, useT } from '~/lib/i18n';
import { useAccessConfirmations } from '../access-confirmations';
import { FormModal } from '../form-modal';

export interface SharesData {
  members: Array<{ userId: number; name: string; email: string; role: string; scope: string; self: boolean }>;
  pending: Array<{ id: number; email: string; scope: string | null; expiresAt: string | Date }>;
}

/**
 * "Gebruikers": share the address by e-mail with "iLuCharges" or "Alle data" (the manual, "Voeg gebruiker toe"),
 * see who has access, take it away after a confirmation.
 */
export function UsersPanel({ data, readOnly = false }: { data: SharesData; readOnly?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const [adding, add] = useDisclosure(false);
  const confirm = useAccessConfirmations<SharesData['members'][number], SharesData['pending'][number]>({
    removeIntent: 'share.remove',
    revokeIntent: 'share.revoke',
    removeMessage: (email) => t('share.remove.confirm', { email }),
  });
  return (
    <Stack gap="sm">
      <Text size="sm">{t('share.intro')}</Text>
      {readOnly ? (
        <Alert color="gray" variant="light">
          {t('home.readOnly')}
        </Alert>
      ) : null}
      {data.members.map((m) => (
        <Card key={m.userId} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text fw={600}>
                {m.name}
                {m.self ? ` (${t('share.you')})` : ''}
              </Text>
              <Text size="sm" c="dimmed">
                {m.email}
              </Text>
            </div>
            <Group gap="xs" wrap="nowrap">
              <Badge variant="light" color={m.role === 'owner' ? 'orange' : 'gray'}>
                {m.role === 'owner' ? t('home.role.owner') : t(`siteScope.${m.scope}`)}
              </Badge>
              {m.role !== 'owner' && !readOnly ? (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => confirm.remove(m)}
                  aria-label={t('share.remove', { email: m.email })}
                >
                  {t('common.delete')}
                </Button>
              ) : null}
            </Group>
          </Group>
        </Card>
      ))}
      {data.pending.map((p) => (
        <Card key={`p${p.id}`} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap">
            <div>
              <Text>{p.email}</Text>
              <Text size="xs" c="dimmed">
                {t('share.pending')} · {t(`siteScope.${p.scope ?? 'all'}`)} · {t('users.invitations.expires')}{' '}
                {formatDate(locale, new Date(p.expiresAt))}
              </Text>
            </div>
            {readOnly ? null : (
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => confirm.revoke(p)}
                aria-label={t('share.revoke', { email: p.email })}
              >
                {t('users.invite.revoke')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
      {readOnly ? null : (
        <>
          <Group>
            <Button onClick={add.open}>{t('share.add')}</Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('share.tip')}
          </Text>
        </>
      )}
      <FormModal
        opened={adding}
        onClose={add.close}
        title={t('share.add')}
        intent="share.add"
        submitLabel={t('common.save')}
      >
        {(errors) => (
          <>
            {/* no access is chosen beforehand (the manual: "maak hier een keuze") */}
            <Radio.Group name="scope" label={t('share.scope')} error={errors.scope} required>
              <Stack gap="xs" mt="xs">
                <Radio
                  value="chargers"
                  label={t('siteScope.chargers')}
                  description={t('share.scope.chargers.hint')}
                />
                <Radio value="all" label={t('siteScope.all')} description={t('share.scope.all.hint')} />
              </Stack>
            </Radio.Group>
            <TextInput
              label={t('common.email')}
              name="email"
              type="email"
              autoComplete="off"
              required
              error={errors.email}
            />
            {errors.changeScope ? (
              <Checkbox
                name="changeScope"
                value="1"
                label={t('share.changeScope')}
                description={errors.changeScope}
              />
            ) : null}
          </>
        )}
      </FormModal>
      {confirm.modals}
    </Stack>
  );
}
