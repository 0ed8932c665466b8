import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config.js';

let client: S3Client | undefined;

/** The S3 client, made on first use and shared by the post-pack and policy-document adapters. */
export function s3(): S3Client {
  return (client ??= new S3Client({ region: config.AWS_REGION }));
}
