import { PasswordInput, Text } from '@mantine/core';
import { useT } from '~/lib/i18n';

export function NewPasswordFields({ errors }: { errors?: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <PasswordInput
        label={t('auth.password.new')}
        name="password"
        autoComplete="new-password"
        required
        error={errors?.password}
        description={t('auth.password.hint')}
      />
      <PasswordInput
        label={t('auth.password.repeat')}
        name="passwordRepeat"
        autoComplete="new-password"
        required
        error={errors?.passwordRepeat}
      />
      <Text size="xs" c="dimmed" />
    </>
  );
}
