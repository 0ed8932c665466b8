import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../ports/mailer.js';

/**
 * SES v2, from the service's address and through the configuration set (which
 * publishes delivery, bounce and complaint events). The SDK's own
 * AWS_ENDPOINT_URL_SESV2 can point it elsewhere (the local stack points it at
 * aws-ses-v2-local).
 */
export function sesMailer(settings: { from: string; configurationSet: string; region: string }): Mailer {
  const ses = new SESv2Client({ region: settings.region });
  return {
    async send(email) {
      const res = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: settings.from,
          Destination: { ToAddresses: email.to },
          ConfigurationSetName: settings.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: email.text, Charset: 'UTF-8' },
                ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
              },
              ...(email.attachments?.length
                ? {
                    Attachments: email.attachments.map((a) => ({
                      FileName: a.filename,
                      ContentType: a.contentType,
                      ContentDisposition: 'ATTACHMENT' as const,
                      RawContent: a.content,
                    })),
                  }
                : {}),
            },
          },
        }),
      );
      return res.MessageId ?? '';
    },
  };
}
