import { startLocalStack } from './stack.js';

// This machine runs Node 20 while the Lambdas run Node 22: the SDK's Node-version notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** `npm start`: the whole local stack in one process; Ctrl-C stops everything. */
const stack = await startLocalStack({ port: Number(process.env.PORT ?? 3000), dataDir: process.env.DATA_DIR });
console.log(`contact-strategy local stack ready at ${stack.url}  (data in ${stack.dataDir})`);
console.log(`  DynamoDB Local: ${stack.dynamodbEndpoint}   SES (local viewer): ${stack.sesEndpoint}`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local stack...`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
