/** The field app's share of a language's catalogue, cut and parsed at build time (vite.config.ts). */
declare module 'virtual:field-catalogue/*' {
  const catalogue: Record<string, import('@formatjs/icu-messageformat-parser').MessageFormatElement[]>;
  export default catalogue;
}
