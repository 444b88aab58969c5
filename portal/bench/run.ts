// `npm run -w @ilumen/portal bench`: the portal's benchmarks, one after the other.
await import('./dashboard');
await import('./cold-start');
