// esbuild.js (inlineWorkers) bundles a `?worker-source` import as an IIFE and inlines its text.
declare module '*?worker-source' {
  const source: string;
  export default source;
}
