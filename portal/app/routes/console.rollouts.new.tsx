import { policy } from '@ilumen/services';
import { Anchor, Stack } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { RolloutForm } from '~/components/firmware/rollout-form';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['rollouts'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.rolloutNew')];

export const loader = load(async (ctx, { request }) => {
  policy.requirePermission(ctx.actor, 'firmware.manage');
  const [releases, organizations, tags] = await Promise.all([
    ctx.services.firmware.list(ctx.actor),
    ctx.services.organizations.options(ctx.actor),
    ctx.services.rollouts.tags(ctx.actor),
  ]);
  return {
    releases: releases.map((r) => ({
      value: String(r.id),
      label: `${r.version} · ${r.hardwareRevision} · ${r.channel}`,
    })),
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
    tags: tags.map((x) => x.tag),
    releaseId: new URL(request.url).searchParams.get('releaseId') ?? '',
  };
});

export const action = intentAction({
  // `preview` set: the same fields are counted, nothing is created
  'rollout.create': async (ctx, { fields }) => {
    if (fields.preview === '1') {
      const p = await ctx.services.rollouts.preview(ctx.actor, fields);
      return done(ctx, 'rollouts.previewResult', {
        targets: p.targets,
        online: p.online,
        alreadyOnVersion: p.alreadyOnVersion,
        busy: p.busy,
      });
    }
    const r = await ctx.services.rollouts.create(ctx.actor, fields);
    return redirect(`/console/rollouts/${r.id}`);
  },
});

export default function NewRollout() {
  const options = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack>
      <Anchor component={Link} to="/console/rollouts" size="sm">
        ← {t('rollouts.title')}
      </Anchor>
      <PageHeader title={t('rollouts.new')} />
      <RolloutForm options={options} />
    </Stack>
  );
}
