it('works', () => { setTimeout(() => undefined, 1); expect(process.pid).toBeGreaterThan(0); });
