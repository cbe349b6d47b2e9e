// Preload that CPU-profiles every Node process of a run (Node 20 refuses --cpu-prof in NODE_OPTIONS, so this does
// it through the inspector): VOUCH_PROFILE_DIR=/tmp/prof NODE_OPTIONS="--require $PWD/bench/cpu-profile.cjs" vouch run
// writes one main-/runner-/worker-PID.cpuprofile per process; read them with bench/analyze-profile.mjs.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.VOUCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let done = false;
  process.on('exit', () => {
    if (done) return;
    done = true;
    // In-thread inspector calls complete synchronously, so the profile is written before the process ends.
    session.post('Profiler.stop', (err, res) => {
      if (err) return;
      const argv = process.argv.slice(1).join(' ');
      const kind = argv.includes('workerProcessEntry') ? 'worker' : argv.includes('cli.js') ? 'runner' : 'main';
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${kind}-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
