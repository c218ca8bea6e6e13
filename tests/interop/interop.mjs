#!/usr/bin/env node
// Runs ONE gRPC call against a ValidationGateway with the reference Node.js client and prints one JSON object.
// Usage: node tests/interop/interop.mjs <host:port> <case> [request.json|-] [size] [--meta key=value]...
// Cases: unary, stream, error, deadline, oversized, health. Exit code 0 when the call completed or ended with a
// status (the status is in the JSON); non-zero only when the script itself fails (bad arguments, bad JSON).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const CALL_DEADLINE_MS = 30_000;
const protoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../protos');

function parseArgs(argv) {
  const positional = [];
  const meta = [];
  let tlsCa = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tls-ca') {
      tlsCa = argv[++i];
    } else if (argv[i] === '--meta') {
      const pair = argv[++i] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--meta expects key=value, got '${pair}'`);
      meta.push([pair.slice(0, eq), pair.slice(eq + 1)]);
    } else {
      positional.push(argv[i]);
    }
  }
  const [address, testCase, ...rest] = positional;
  if (!address || !testCase) {
    throw new Error('usage: interop.mjs <host:port> <unary|stream|error|deadline|oversized|health> [request.json|-] [size] [--meta key=value]... [--tls-ca ca.pem]');
  }
  return { address, testCase, rest, meta, tlsCa };
}

function readJson(file) {
  const text = file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(text);
}

const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const printStatus = (status) => print({ code: status.code, details: status.details });
const deadline = (ms) => Date.now() + ms;

let tlsCaFile = null; // set once from --tls-ca before any client is made

function loadClients(address, options) {
  const definition = protoLoader.loadSync(
    ['validationgateway/v1/validation.proto', 'grpc/health/v1/health.proto'],
    { includeDirs: [protoRoot], keepCase: true, enums: String, longs: String, defaults: true },
  );
  const loaded = grpc.loadPackageDefinition(definition);
  // --tls-ca PEM: TLS with that CA (e.g. the gateway's self-signed certificate); otherwise cleartext h2c.
  const credentials = tlsCaFile ? grpc.credentials.createSsl(readFileSync(tlsCaFile)) : grpc.credentials.createInsecure();
  return {
    validation: new loaded.validationgateway.v1.ValidationService(address, credentials, options),
    health: new loaded.grpc.health.v1.Health(address, credentials, options),
  };
}

// Resolves with { status, response } for a unary call; a non-OK status is an outcome, not a failure.
function unary(client, method, request, metadata, ms = CALL_DEADLINE_MS) {
  return new Promise((resolve) => {
    client[method](request, metadata, { deadline: deadline(ms) }, (error, response) =>
      resolve(error ? { status: error } : { status: { code: 0 }, response }));
  });
}

// Resolves once the call has ended with its status (and, when OK, after every response was read).
function collect(call) {
  return new Promise((resolve) => {
    const responses = [];
    let status;
    let ended = false;
    const finish = () => {
      if (status && (ended || status.code !== 0)) resolve({ status, responses });
    };
    call.on('data', (response) => responses.push(response));
    call.on('error', () => {}); // the same outcome arrives as the 'status' event
    call.on('end', () => { ended = true; finish(); });
    call.on('status', (s) => { status = s; finish(); });
  });
}

async function run({ address, testCase, rest, meta, tlsCa }) {
  tlsCaFile = tlsCa;
  const metadata = new grpc.Metadata();
  for (const [key, value] of meta) metadata.add(key, value);
  // Raised send limit so that, in the oversized case, the server (not this client) does the rejecting.
  const clients = loadClients(address, {
    'grpc.max_send_message_length': -1,
    'grpc.max_receive_message_length': -1,
  });

  switch (testCase) {
    case 'unary': {
      const { status, response } = await unary(clients.validation, 'Validate', readJson(rest[0]), metadata);
      return status.code === 0 ? { code: 0, response } : { code: status.code, details: status.details };
    }
    case 'error': {
      const { status, response } = await unary(clients.validation, 'Validate', readJson(rest[0]), metadata);
      return status.code === 0 ? { code: 0, response } : { code: status.code, details: status.details };
    }
    case 'stream': {
      const requests = readJson(rest[0]);
      if (!Array.isArray(requests)) throw new Error('stream expects a JSON array of requests');
      const call = clients.validation.ValidateStream(metadata, { deadline: deadline(CALL_DEADLINE_MS) });
      const outcome = collect(call);
      for (const request of requests) call.write(request);
      call.end();
      const { status, responses } = await outcome;
      return status.code === 0 ? { code: 0, responses } : { code: status.code, details: status.details, responses };
    }
    case 'deadline': {
      const call = clients.health.Watch({ service: '' }, metadata, { deadline: deadline(300) });
      const { status } = await collect(call);
      return { code: status.code, details: status.details };
    }
    case 'oversized': {
      const sizeArg = rest.length === 1 && /^\d+$/.test(rest[0]) ? rest[0] : rest[1];
      const size = sizeArg ? Number.parseInt(sizeArg, 10) : 5 * 1024 * 1024;
      const base = rest.length >= 2 || (rest[0] && !/^\d+$/.test(rest[0]))
        ? readJson(rest[0])
        : { request_id: 'interop-oversized', fixmedins_code: 'H00000000000' };
      const request = { ...base, fee_details: [{ feedetl_sn: '1', med_list_codg: 'x'.repeat(size) }] };
      const { status } = await unary(clients.validation, 'Validate', request, metadata);
      return { code: status.code, details: status.details };
    }
    case 'health': {
      const { status, response } = await unary(clients.health, 'Check', { service: '' }, metadata);
      return status.code === 0 ? { code: 0, status: response.status } : { code: status.code, details: status.details };
    }
    default:
      throw new Error(`unknown case '${testCase}'`);
  }
}

try {
  print(await run(parseArgs(process.argv.slice(2))));
  process.exit(0);
} catch (error) {
  process.stderr.write(`interop.mjs: ${error?.stack ?? error}\n`);
  process.exit(2);
}
