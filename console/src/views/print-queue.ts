/**
 * The print queue (`#/print-queue`): letters waiting to be printed and posted by the
 * office (in-house post), oldest first. Each letter's PDF, or all of them as one PDF
 * to print in one go; then mark the letters posted, one or many, with the date.
 */
import { download, getAll, getBlob, q, request } from '../api.js';
import { mayRecord } from '../auth.js';
import { add, h, list } from '../dom.js';
import { FormError, onSubmit, whenFrom, whenInput } from '../forms.js';
import { button, buttonGroup, heading, hidden, insetText, link, p, table } from '../govuk.js';
import { formatDateTime } from '../labels.js';
import { flash, go, type View } from '../shell.js';
import type { Letter } from '../types.js';
import { letterKind } from './person-letters.js';

/** Every PDF in one file, in the order given: one print run. */
async function combined(ids: string[]): Promise<Blob> {
  // Loaded only here: pdf-lib is large and only this page merges PDFs.
  const { PDFDocument } = await import('pdf-lib');
  const all = await PDFDocument.create();
  for (const id of ids) {
    const one = await PDFDocument.load(await (await getBlob(`/letters/${q(id)}/pdf`)).arrayBuffer());
    for (const page of await all.copyPages(one, one.getPageIndices())) all.addPage(page);
  }
  return new Blob([(await all.save()) as BlobPart], { type: 'application/pdf' });
}

const view: View = async ({ main }) => {
  const letters = await getAll<Letter>('/letters?status=PRINT_READY');
  const today = new Date().toISOString().slice(0, 10);
  const form = h('form', { id: 'posted-form' });
  const printAll = h('form', { id: 'print-all-form' });
  printAll.append(button(`Download all ${letters.length} as one PDF`, { variant: 'secondary', id: 'print-all' }));
  onSubmit(printAll, async () => download(await combined(letters.map((l) => l.id)), `print-queue-${today}.pdf`));

  const pdfButton = (l: Letter) => {
    const b = button('PDF', { variant: 'secondary', type: 'button', id: `pdf-${l.id}` });
    b.append(hidden(` of the letter to ${l.recipientName ?? 'the person'}`));
    b.addEventListener('click', () => void getBlob(`/letters/${q(l.id)}/pdf`).then((blob) => download(blob, `letter-${l.id}.pdf`)));
    return b;
  };
  const choose = (l: Letter) =>
    h(
      'div',
      { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
      h(
        'div',
        { class: 'govuk-checkboxes__item' },
        h('input', { class: 'govuk-checkboxes__input', type: 'checkbox', name: 'letters', value: l.id, id: `choose-${l.id}` }),
        h('label', { class: 'govuk-label govuk-checkboxes__label', for: `choose-${l.id}` }, hidden(`Posted: the letter to ${l.recipientName ?? 'the person'}`)),
      ),
    );
  form.append(
    table({
      caption: 'Waiting to be printed and posted, oldest first',
      captionSize: 'm',
      head: ['Posted', 'To', 'Letter', 'Waiting since', 'Printed copy'],
      rows: letters.map((l) => [choose(l), l.recipientName ?? 'Not recorded', link(`#/letters/${q(l.id)}`, letterKind(l.kind)), formatDateTime(l.sentAt ?? l.createdAt), pdfButton(l)]),
    }),
    whenInput({ name: 'postedAt', legend: 'When were they posted?' }),
    buttonGroup(button('Mark as posted', { id: 'mark-posted' })),
  );
  onSubmit(form, async (v) => {
    const chosen = list(v.letters);
    if (chosen.length === 0) throw new FormError([{ path: 'letters', message: 'Choose the letters that were posted' }]);
    const postedAt = whenFrom(v, 'postedAt');
    for (const id of chosen) await request('POST', `/letters/${q(id)}/posted`, { body: { postedAt } });
    flash(`${chosen.length} letter${chosen.length === 1 ? '' : 's'} marked as posted`, 'They have left the print queue.');
    go('#/print-queue');
  });

  add(
    main,
    heading('Print queue', 'Post'),
    p('Letters the office prints and posts itself. Print them with the policy they enclose, post them, then mark them as posted: a strategy told only by post comes into force then.'),
    letters.length ? printAll : null,
    letters.length ? (mayRecord() ? form : table({ head: ['To', 'Letter', 'Waiting since'], rows: letters.map((l) => [l.recipientName ?? 'Not recorded', letterKind(l.kind), formatDateTime(l.sentAt ?? l.createdAt)]) })) : insetText('No letters are waiting to be printed.'),
  );
  return 'Print queue';
};
export default view;
