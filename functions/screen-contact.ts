import { screenContact } from '../lib/app/screening.js';
import { actorOf } from '../lib/auth.js';
import { api, ok, route, scopeOf } from '../lib/http.js';
import { ScreenContact } from '../lib/schemas/screening.js';

/** `POST /contacts/screen`: asked for every inbound contact before anyone answers it. */
export const handler = api({
  'POST /contacts/screen': route({
    permission: 'record',
    body: ScreenContact,
    run: async (req) => ok(await screenContact(req.body, actorOf(req.staff), scopeOf(req, 200))),
  }),
});
