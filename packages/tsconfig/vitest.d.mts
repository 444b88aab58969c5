declare const config: { test: { testTimeout: number; hookTimeout: number } };
export default config;
