export { default } from '@ilumen/tsconfig/vitest';
