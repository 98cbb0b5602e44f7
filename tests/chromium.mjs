// How every browser test and the benchmark start Debian's Chromium: as
// root it needs --no-sandbox, and the closed network refuses Chromium's own
// background connections unless they are turned off.

export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
