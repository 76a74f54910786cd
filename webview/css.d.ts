// esbuild loads .css imports as text (scripts/build.mjs); styles.ts injects them under the page nonce.
declare module '*.css' {
  const text: string;
  export default text;
}
