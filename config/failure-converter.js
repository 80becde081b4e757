// Loaded by path (`dataConverter.failureConverterPath`): by the worker and the clients with plain
// require(), and bundled by the worker into workflow code. Plain JavaScript so that Node loads it
// as is, with or without a TypeScript loader. Failure messages and stack traces then travel as an
// encoded payload, which the payload codec encrypts like any other (a failure can quote a contact).
'use strict';
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
