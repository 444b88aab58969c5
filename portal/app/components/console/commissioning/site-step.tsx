import { SimpleGrid, Text, TextInput } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';
import type { WizardView } from './types';

export function SiteStep({ view }: { view: WizardView }) {
  const t = useT();
  const { site, owner } = view;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.site.help')}
      </Text>
      {owner.accepted ? (
        <Text mb="sm">
          {t('commissioning.site.ownerAcceptedInfo', { name: owner.name ?? '', email: owner.email ?? '' })}
        </Text>
      ) : owner.email ? (
        <Text mb="sm">{t('commissioning.site.ownerPending', { email: owner.email })}</Text>
      ) : null}
      {view.canEdit ? (
        <IntentForm intent="site.save" submitLabel={t('common.save')}>
          {(errors) => (
            <>
              <TextInput
                label={t('common.name')}
                description={t('common.optional')}
                name="name"
                defaultValue={site.name ?? ''}
                error={errors.name}
                maw={420}
              />
              <SimpleGrid cols={{ base: 1, sm: 4 }}>
                <TextInput
                  label={t('sites.street')}
                  name="street"
                  required
                  defaultValue={site.street}
                  error={errors.street}
                />
                <TextInput
                  label={t('sites.houseNumber')}
                  name="houseNumber"
                  required
                  defaultValue={site.house_number}
                  error={errors.houseNumber}
                />
                <TextInput
                  label={t('sites.postalCode')}
                  name="postalCode"
                  required
                  defaultValue={site.postal_code}
                  error={errors.postalCode}
                />
                <TextInput
                  label={t('sites.city')}
                  name="city"
                  required
                  defaultValue={site.city}
                  error={errors.city}
                />
              </SimpleGrid>
              <TextInput
                label={t('commissioning.site.ownerEmail')}
                name="ownerEmail"
                type="email"
                required
                defaultValue={owner.email ?? ''}
                error={errors.ownerEmail}
                maw={420}
              />
            </>
          )}
        </IntentForm>
      ) : (
        <Text>
          {site.street} {site.house_number}, {site.postal_code} {site.city}
        </Text>
      )}
    </>
  );
}
