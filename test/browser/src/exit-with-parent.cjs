// Preloaded into the app server the browser tests of one Jest worker share: when the worker that
// started it goes, however it goes, its IPC channel closes and the server shuts down as on SIGTERM.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
