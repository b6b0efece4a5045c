// Starts s3rver for the tests, on 127.0.0.1: node --openssl-legacy-provider serve.js DIR PORT BUCKET...
// --openssl-legacy-provider: s3rver encrypts its listing continuation tokens with DES, which node 17+
// refuses without it (a listing past 1,000 keys fails with ERR_OSSL_EVP_UNSUPPORTED).
// The one fix of s3rver's answers: it puts its XML in the namespace http://doc.s3.amazonaws.com/2006-03-01/
// where S3 (and MinIO) use http://s3.amazonaws.com/doc/2006-03-01/; the MinIO SDK then finds no
// element of a listing and returns nothing, silently. The fix lives here, in the test setup: the store
// talks to s3rver as it talks to a real S3.
'use strict';
const S3rver = require('s3rver');

const [directory, port, ...buckets] = process.argv.slice(2);
const wrong = 'http://doc.s3.amazonaws.com/2006-03-01/';
const right = 'http://s3.amazonaws.com/doc/2006-03-01/';
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: buckets.map((name) => ({ name })),
});
// Outermost middleware: runs after s3rver has rendered its XML answer.
server.middleware.unshift(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes(wrong)) {
    ctx.body = ctx.body.split(wrong).join(right);
  }
});
server.run().then(
  () => process.stdout.write(`listening on 127.0.0.1:${port}\n`),
  (error) => {
    process.stderr.write(`s3rver: ${error.stack}\n`);
    process.exit(1);
  },
);
