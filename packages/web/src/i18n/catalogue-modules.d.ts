/** The field app's share of a language's catalogue, cut and parsed at build time (vite.config.ts). */
declare module 'virtual:field-catalogue/*' {
  const catalogue: Record<string, import('@formatjs/icu-messageformat-parser').MessageFormatElement[]>;
  export default catalogue;
}

/** The public application page's share of a language's catalogue (vite.config.ts). */
declare module 'virtual:apply-catalogue/*' {
  const catalogue: Record<string, import('@formatjs/icu-messageformat-parser').MessageFormatElement[]>;
  export default catalogue;
}
