import { resolve } from 'node:path';
import { stopAllDynamoDbLocal } from './dynamodb.js';
import { startLocalStack, type LocalStack } from './stack.js';
import { portSetting, requireFreePort, startupFailure, startupLine, writableFolder } from './startup-checks.js';

/**
 * `npm start`: the whole local stack in one process; Ctrl-C stops everything. A
 * start that fails says in one line what is wrong and what to do, exits 1, and
 * leaves no child process (DynamoDB Local's Java) running.
 */
let stack: LocalStack | undefined;
let stopping = false;
const shutdown = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  if (stack) {
    await stack.stop();
    process.exit(0);
  }
  // Interrupted while starting: stop whatever has started so far.
  await stopAllDynamoDbLocal();
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

let port = 3000;
try {
  port = portSetting(process.env.PORT);
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  // Checked before Java starts: a taken port or a folder that cannot be written costs nothing to find.
  await requireFreePort(port);
  writableFolder(dataDir);
  stack = await startLocalStack({ port, dataDir });
} catch (err) {
  if (!stopping) {
    await stopAllDynamoDbLocal();
    console.error(startupLine(startupFailure(err, port)));
    if (process.env.DEBUG) console.error(err);
    process.exit(1);
  }
}

if (stack) {
  console.log(`contact-strategy local stack ready at ${stack.url}  (data in ${stack.dataDir})`);
  console.log(`  DynamoDB Local: ${stack.dynamodbEndpoint}   SES (local viewer): ${stack.sesEndpoint}`);
  console.log(`  Inbound email (SMTP): 127.0.0.1:${stack.smtpPort}`);
  if (stack.dynamodbListensOn === 'every interface') {
    console.log('  Note: DynamoDB Local listens on every interface, not only 127.0.0.1: this Java cannot compile local/java/LoopbackDynamoDbLocal.java. Install a JDK (e.g. openjdk-17-jdk-headless), or set DYNAMODB_ENDPOINT to a DynamoDB on loopback.');
  }
}
