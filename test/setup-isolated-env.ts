// Unit and infra tests run in workers that may be started after the integration
// tier's global setup has pointed this process at the local stack: undo that, so
// they see a plain AWS-like environment (and mocked clients) whatever runs beside them.
process.env.LOCAL_STACK = 'false';
delete process.env.DYNAMODB_ENDPOINT;
delete process.env.SES_ENDPOINT;
delete process.env.LOCAL_DATA_DIR;
