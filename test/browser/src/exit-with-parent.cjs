// Preloaded into the app server the browser tests of one Jest worker share: when the worker that
// started it goes, however it goes, its IPC channel closes and the server shuts down as on SIGTERM,
// and is ended outright if its shutdown has not finished 15 seconds later (its database may be
// gone by then).
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => {
    setTimeout(() => process.exit(1), 15_000).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
