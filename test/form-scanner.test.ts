// The scanner of the client's multipart body on the upload route (src/uploads/form-scanner.ts): the file's exact
// bytes however the body is split into chunks, handed on as views into the client's chunks (no copy, no re-chunking:
// what keeps a 10 MiB upload cheap), and every form that is not one file in the part "file" refused.
import fc from 'fast-check';
import { FormScanner, HEAD_MAX, boundaryOf } from '../src/uploads/form-scanner.js';

const BOUNDARY = '----formdata-test-0123456789';
const partHead = (disposition: string, boundary = BOUNDARY) =>
  `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: image/png\r\n\r\n`;
const FILE_HEAD = partHead('form-data; name="file"; filename="scan.png"');
const form = (file: Buffer, { head = FILE_HEAD, after = `\r\n--${BOUNDARY}--\r\n`, preamble = '' } = {}) =>
  Buffer.concat([Buffer.from(preamble + head), file, Buffer.from(after)]);

interface Scan {
  chunks: Buffer[];
  ended: number;
  invalid: number;
}

function scan(body: Buffer, cuts: number[] = []): Scan {
  const result: Scan = { chunks: [], ended: 0, invalid: 0 };
  const scanner = new FormScanner(BOUNDARY, 'file', {
    file: (bytes) => result.chunks.push(bytes),
    end: () => result.ended++,
    invalid: () => result.invalid++,
  });
  let from = 0;
  for (const at of [...cuts.filter((c) => c > 0 && c < body.length)].sort((a, b) => a - b).concat(body.length)) {
    scanner.write(body.subarray(from, at));
    from = at;
  }
  return result;
}

/** A file that looks like the boundary in places: CRLFs, dashes, the boundary without its CRLF, a near miss. */
const trickyFile = fc.array(fc.constantFrom('\r', '\n', '-', '--', 'x', `--${BOUNDARY}`, `\r\n--${BOUNDARY.slice(0, -1)}`, '\r\n-'), { maxLength: 40 })
  .map((parts) => Buffer.from(`\x89PNG${parts.join('')}`, 'latin1'))
  .filter((file) => !file.includes(`\r\n--${BOUNDARY}`)); // a client picks a boundary its file does not hold

it('hands on the file\'s exact bytes and ends once, however the body is split', () => {
  fc.assert(fc.property(trickyFile, fc.array(fc.nat({ max: 400 }), { maxLength: 12 }), (file, cuts) => {
    const result = scan(form(file), cuts);
    expect(Buffer.concat(result.chunks).equals(file)).toBe(true);
    expect(result).toMatchObject({ ended: 1, invalid: 0 });
  }));
});

it('hands on a large file in the client\'s own chunks, as views into them (nothing copied)', () => {
  const file = Buffer.alloc(1024 * 1024, 7);
  const body = form(file);
  const chunk = 64 * 1024;
  const cuts = Array.from({ length: Math.ceil(body.length / chunk) }, (_, i) => (i + 1) * chunk);
  const result = scan(body, cuts);
  expect(Buffer.concat(result.chunks).equals(file)).toBe(true);
  expect(result.chunks.length).toBe(cuts.length); // one per client chunk (the last one holds the closing boundary)
  for (const bytes of result.chunks) expect(bytes.buffer).toBe(body.buffer);
});

it('accepts a preamble, quoted parameters and an epilogue', () => {
  const head = partHead('form-data; filename="a; name=\\"x\\".png"; name=file');
  expect(scan(form(Buffer.from('\x89PNG'), { head, preamble: 'ignored\r\n', after: `\r\n--${BOUNDARY}--\r\nepilogue` }))).toMatchObject({ ended: 1, invalid: 0 });
});

it('refuses what is not one file in the part "file"', () => {
  const png = Buffer.from('\x89PNG');
  const refused = [
    form(png, { head: partHead('form-data; name="document"; filename="a.png"') }), // another part name
    form(png, { head: partHead('form-data; name="file"') }), // a field, not a file
    form(png, { head: partHead('attachment; name="file"; filename="a.png"') }),
    form(png, { head: `--${BOUNDARY}\r\n\r\n` }), // no headers
    form(png, { head: partHead('form-data; name="note"') + `note\r\n${FILE_HEAD}` }), // a part before the file
    form(png, { after: `\r\n${partHead('form-data; name="file"; filename="b.png"')}x\r\n--${BOUNDARY}--` }), // a second file
    form(png, { after: `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--${BOUNDARY}--` }), // a field after it
    form(png, { head: partHead(`form-data; name="file"; filename="${'a'.repeat(HEAD_MAX)}"`) }), // headers too long
    form(png, { after: `\r\n--${BOUNDARY}--${'x'.repeat(HEAD_MAX + 1)}` }), // an endless epilogue
  ];
  for (const [i, body] of refused.entries()) {
    expect([i, scan(body, [1, 50, 51, 100])]).toMatchObject([i, { invalid: 1 }]);
  }
  // Cut short, or no part at all: never ended (the request's end then refuses it).
  expect(scan(form(png).subarray(0, -4))).toMatchObject({ ended: 0, invalid: 0 });
  expect(scan(Buffer.from(`--${BOUNDARY}--\r\n`))).toMatchObject({ ended: 0 });
});

it('reads the boundary of a multipart/form-data content type only', () => {
  expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
  expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
  for (const type of [undefined, 'application/json', 'multipart/mixed; boundary=abc', 'multipart/form-data', 'multipart/form-data; boundary=', `multipart/form-data; boundary=${'a'.repeat(71)}`]) {
    expect(boundaryOf(type)).toBeUndefined();
  }
});
