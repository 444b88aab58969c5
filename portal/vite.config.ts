import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Libraries every page uses go in a few long-cached chunks instead of one file per Mantine component: a cold console
 * page fetched about 45 small scripts, one round trip each (decision 270). Pages that chart or pick dates load those
 * libraries as their own chunks.
 */
function vendorChunk(id: string): string | undefined {
  const at = id.lastIndexOf('/node_modules/');
  // a stylesheet stays with the page that imports it, or its chunk's script would load with the stylesheet
  if (at < 0 || /\.css($|\?)/.test(id)) return undefined;
  const rest = id.slice(at + '/node_modules/'.length);
  const pkg = rest.startsWith('@') ? rest.split('/').slice(0, 2).join('/') : rest.split('/')[0]!;
  if (
    /^(recharts|recharts-scale|react-smooth|victory-vendor|d3-.*|internmap|decimal\.js-light|@mantine\/charts)$/.test(
      pkg,
    )
  )
    return 'charts';
  if (/^(@mantine\/dates|dayjs)$/.test(pkg)) return 'dates';
  if (
    /^(@mantine\/.*|@floating-ui\/.*|react-transition-group|dom-helpers|@tabler\/icons-react|clsx|react-remove-scroll.*|react-style-singleton|use-callback-ref|use-sidecar|get-nonce|tslib|detect-node-es|aria-hidden|react-number-format|react-textarea-autosize|use-composed-ref|use-isomorphic-layout-effect|use-latest|tabbable)$/.test(
      pkg,
    )
  )
    return 'mantine';
  return undefined;
}

export default defineConfig(({ isSsrBuild }) => ({
  build: isSsrBuild ? {} : { rollupOptions: { output: { manualChunks: vendorChunk } } },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  optimizeDeps: {
    include: [
      '@mantine/core',
      '@mantine/hooks',
      '@mantine/notifications',
      '@mantine/dates',
      '@tanstack/react-table',
      '@tanstack/react-query',
      '@trpc/client',
      '@tabler/icons-react',
      'dayjs',
      'zod',
    ],
  },
}));
