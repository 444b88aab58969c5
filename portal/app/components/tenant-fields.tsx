import { TextInput } from '@mantine/core';
import { useT } from '~/lib/i18n';

export function TenantFields({
  errors,
  values,
}: {
  errors: Record<string, string>;
  values?: { name?: string; vat_number?: string | null; email?: string | null; phone?: string | null };
}) {
  const t = useT();
  return (
    <>
      <TextInput
        label={t('common.name')}
        name="name"
        required
        defaultValue={values?.name}
        error={errors.name}
        maxLength={200}
      />
      <TextInput
        label={t('tenants.vat')}
        name="vatNumber"
        defaultValue={values?.vat_number ?? ''}
        error={errors.vatNumber}
        placeholder="BE0123456789"
      />
      <TextInput
        label={t('common.email')}
        name="email"
        type="email"
        defaultValue={values?.email ?? ''}
        error={errors.email}
      />
      <TextInput
        label={t('tenants.phone')}
        name="phone"
        defaultValue={values?.phone ?? ''}
        error={errors.phone}
      />
    </>
  );
}
