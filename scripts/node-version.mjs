// Every npm script runs on the Node that package.json pins (the `node` dev dependency
// puts its binary first on the scripts' path), the runtime the Lambdas deploy on.
// Says which Node runs, and stops at once when it is not that major.
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.node;
const wanted = Number(/\d+/.exec(pinned)?.[0]);
const major = Number(process.versions.node.split('.')[0]);
console.log(`Node ${process.version} (${process.execPath})`);
if (major !== wanted) {
  console.error(`This project runs on Node ${wanted} (devDependencies.node "${pinned}"), not ${process.version}: run it through npm (npm test, npm start), which puts node_modules/.bin/node first, or install Node ${wanted}.`);
  process.exit(1);
}
