// An independent HTTP/2 peer for the load tool's own HTTP/2 client (loadtest/ValidationGateway.LoadTest/Http2):
// Node's http2 module (nghttp2), which Huffman-codes header values, indexes them in its dynamic table and keeps the
// default 65,535-byte stream windows, unlike Kestrel. It speaks just enough gRPC for the tests:
//   /test.Peer/Echo     answers ValidateResponse{request_id, catalog_version: "node"} to one request (and a
//                       response header with a long value, indexed and then referenced on later responses)
//   /test.Peer/Fail     a trailers-only NOT_FOUND with a percent-encoded non-ASCII message
//   /test.Peer/Slow     never answers (deadlines)
//   /test.Peer/Stream   answers each request message of the stream as Echo does, then OK once the client ends
//   /test.Peer/Large    answers as Echo does, with a 40-kB response header: a header block in CONTINUATION frames
// Prints the port it listens on (127.0.0.1, cleartext h2) as its first line, then serves until killed.
import http2 from "node:http2";

function requestId(message) {
  // ValidateRequest field 1 (request_id, a string) comes first in the client's encoding: tag 0x0a, length, bytes.
  if (message.length < 2 || message[0] !== 0x0a) return "";
  let length = 0, shift = 0, at = 1;
  for (;;) {
    const b = message[at++];
    length |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  return message.subarray(at, at + length).toString("utf8");
}

function answer(id) {
  const idBytes = Buffer.from(id, "utf8");
  const version = Buffer.from("node", "utf8");
  const body = Buffer.concat([Buffer.from([0x0a, idBytes.length]), idBytes, Buffer.from([0x12, version.length]), version]);
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  body.copy(frame, 5);
  return frame;
}

// Splits a stream of gRPC frames into messages.
function messages(onMessage) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) break;
      onMessage(pending.subarray(5, 5 + length));
      pending = pending.subarray(5 + length);
    }
  };
}

const headers = {
  ":status": 200,
  "content-type": "application/grpc",
  "x-peer-note": "a response header long enough to be worth indexing: " + "x".repeat(200),
};

const server = http2.createServer();
server.on("stream", (stream, requestHeaders) => {
  const path = requestHeaders[":path"];
  if (path === "/test.Peer/Fail") {
    stream.respond({ ...headers, "grpc-status": "5", "grpc-message": encodeURIComponent("没有这个机构 (no such institution)") }, { endStream: true });
    return;
  }

  if (path === "/test.Peer/Slow") {
    stream.on("data", () => {});
    return;
  }

  if (path === "/test.Peer/Echo" || path === "/test.Peer/Stream" || path === "/test.Peer/Large") {
    const streaming = path === "/test.Peer/Stream";
    const responseHeaders = path === "/test.Peer/Large" ? { ...headers, "x-peer-large": "y".repeat(40_000) } : headers;
    let first = null;
    let responded = false;
    const respond = () => {
      if (!responded) {
        responded = true;
        stream.respond(responseHeaders, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      }
    };
    stream.on("data", messages((message) => {
      if (streaming) {
        respond();
        stream.write(answer(requestId(message)));
      } else if (first === null) {
        first = message;
      }
    }));
    stream.on("end", () => {
      respond();
      if (!streaming && first !== null) stream.write(answer(requestId(first)));
      stream.end();
    });
    return;
  }

  stream.respond({ ":status": 404 }, { endStream: true });
});

server.listen(0, "127.0.0.1", () => {
  console.log(server.address().port);
});
