// Tiers that talk to real servers wait on them; the time-skipping and dev servers need more than Jest's 5 s.
jest.setTimeout(Number(process.env.SHUANGCHA_TEST_TIMEOUT_MS ?? 120_000));
