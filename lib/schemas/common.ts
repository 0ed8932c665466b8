import * as z from 'zod';

/** Contract limits: names and subjects 300 characters, free text 10,000. */
export const Name = z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');
export const FreeText = z.string().max(10_000, 'must be at most 10,000 characters');
export const RequiredText = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters');
export const Id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
export const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' });
export const CalendarDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const Channel = z.enum(['PHONE', 'EMAIL', 'POST', 'VISIT', 'ONLINE']);
export type Channel = z.infer<typeof Channel>;

export const ActorSchema = z.object({ sub: z.string(), name: z.string() });
