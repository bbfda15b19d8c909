import { describe, expect, it } from 'vitest';
import { loadConfig, trustProxyFrom } from './config.js';

describe('configuration', () => {
  it('believes forwarded addresses only from named proxies, and refuses "true"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxyFrom('off')).toBe(false);
    expect(trustProxyFrom('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
    for (const v of ['true', 'TRUE', '1', 'yes', '*'])
      expect(() => trustProxyFrom(v)).toThrow(/must name the proxies/);
  });
});
