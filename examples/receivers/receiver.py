# A stand-alone receiver for klartext webhook deliveries: verifies Standard Webhooks signatures (v1 with the official
# `standardwebhooks` package, v1a with `cryptography`), processes each webhook-id once, and handles every event type.
#
#   python3 -m venv .venv && .venv/bin/pip install standardwebhooks   # add `cryptography` for v1a or asset checks
#   KLARTEXT_WEBHOOK_SECRET=whsec_... .venv/bin/python receiver.py
#
# KLARTEXT_WEBHOOK_SECRET  the channel's `whsec_` secret (v1), or the `whpk_` public key of a v1a channel
# HOST, PORT               where to listen: 127.0.0.1 and 8787 by default; PORT=0 picks a free port
# KLARTEXT_FETCH_ASSETS=1  download each new video and manifest through the signed links and check them
import base64
import hashlib
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

TOLERANCE_SECONDS = 5 * 60
MAX_BODY_BYTES = 1024 * 1024
SECRET = os.environ.get("KLARTEXT_WEBHOOK_SECRET", "")
FETCH_ASSETS = os.environ.get("KLARTEXT_FETCH_ASSETS") == "1"


class Refusal(Exception):
    """A refusal that retrying cannot fix: answered with a 4xx, which klartext records and shows to the manager."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def v1_verifier(whsec):
    webhook = Webhook(whsec)
    # The raw body exactly as received: re-serialised JSON would not match the signature.
    return lambda body, headers: webhook.verify(body, headers)


def v1a_verifier(whpk):
    """standardwebhooks verifies v1 only; v1a signs the same `<id>.<timestamp>.<body>` with Ed25519."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(whpk[len("whpk_") :]))

    def verify(body, headers):
        msg_id, timestamp = headers.get("webhook-id"), headers.get("webhook-timestamp", "")
        signatures = headers.get("webhook-signature")
        if not (msg_id and timestamp and signatures):
            raise ValueError("missing webhook-id, -timestamp or -signature")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            raise ValueError("timestamp outside the 5-minute tolerance")
        content = f"{msg_id}.{timestamp}.".encode() + body
        for entry in signatures.split(" "):
            version, _, signature = entry.partition(",")
            if version != "v1a":
                continue
            try:
                key.verify(base64.b64decode(signature), content)
                return json.loads(body)
            except (InvalidSignature, ValueError):
                continue
        raise ValueError("no matching v1a signature")

    return verify


# In memory for the example. A real receiver stores these in its database, in the same transaction as the effect,
# so a restart does not process a redelivered or replayed message again.
lock = threading.Lock()
processed, in_flight = set(), set()
shown = {}  # "<campaignId>/<segmentId>" -> SHA-256 of the video shown now
withdrawn = set()  # SHA-256s retracted or replaced: never shown again, even when replayed


def process_event(msg_id, payload):
    kind, data = payload["type"], payload["data"]
    where = f"{data.get('campaignId')}/{data.get('segmentId')}"
    sha256 = (data.get("video") or {}).get("sha256")
    if kind == "ping":
        log(f"ping {msg_id}: {data.get('message', '')}")
    elif kind in ("video.approved", "video.replaced"):
        if sha256 in withdrawn:
            return log(f"{kind} {msg_id}: {where} video {sha256} was withdrawn earlier, not shown")
        if FETCH_ASSETS:
            check_assets(data)
        old = (data.get("replaces") or {}).get("videoSha256")
        with lock:
            if old:
                withdrawn.add(old)
            shown[where] = sha256
        log(f"{kind} {msg_id}: show {where} video {sha256}" + (f" instead of {old}" if old else ""))
    elif kind == "video.retracted":
        # May name a video this receiver never showed (its approval failed here): remember it all the same.
        with lock:
            withdrawn.add(sha256)
            if shown.get(where) == sha256:
                del shown[where]
        log(f"video.retracted {msg_id}: take down {where} video {sha256}: {data.get('reason')}")
    else:
        # New event types must not fail deliveries: acknowledge what you do not handle.
        log(f"{kind} {msg_id}: not handled here, acknowledged")


def check_assets(data):
    """Downloads through the signed links and checks the video against the event and the signed manifest."""
    video, manifest_link = data.get("video") or {}, data.get("manifest") or {}
    if not video.get("url") or not manifest_link.get("url"):
        raise Refusal(422, "the event carries no asset links")
    digest = hashlib.sha256()
    with get(video["url"]) as response:  # streamed: write the chunks to storage here to keep the file
        for chunk in iter(lambda: response.read(1 << 16), b""):
            digest.update(chunk)
    if digest.hexdigest() != video["sha256"]:
        raise Refusal(422, f"video hashes to {digest.hexdigest()}, the event names {video['sha256']} (replaced since?)")
    with get(manifest_link["url"]) as response:
        manifest_bytes = response.read()
    if hashlib.sha256(manifest_bytes).hexdigest() != manifest_link["sha256"]:
        raise Refusal(422, "manifest does not match the SHA-256 in the event")
    manifest = json.loads(manifest_bytes)
    if (manifest.get("video") or {}).get("sha256") != video["sha256"]:
        raise Refusal(422, "manifest describes another video")
    # The key set lives on the server that issued the links; pin it in configuration if you prefer.
    keys_url = urllib.parse.urljoin(manifest_link["url"], "/.well-known/klartext-provenance-keys.json")
    with get(keys_url) as response:
        key_set = json.loads(response.read())
    if not manifest_signature_valid(manifest, key_set):
        raise Refusal(422, "manifest signature does not verify")
    log(f"checked {data['campaignId']}/{data['segmentId']}: video SHA-256 and signed manifest match")


def manifest_signature_valid(manifest, key_set):
    """Ed25519 over the canonical JSON (keys sorted, no spaces) of every manifest field but `signature`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    content = {k: v for k, v in manifest.items() if k != "signature"}
    signature = manifest.get("signature") or {}
    jwk = next((k for k in key_set.get("keys", []) if k.get("kid") == signature.get("keyId")), None)
    if jwk is None or signature.get("alg") != "Ed25519" or not signature.get("value"):
        return False
    key = Ed25519PublicKey.from_public_bytes(b64url(jwk["x"]))
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        key.verify(b64url(signature["value"]), canonical)
        return True
    except InvalidSignature:
        return False


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def get(url):
    try:
        return urllib.request.build_opener(NoRedirects).open(url, timeout=60)
    except urllib.error.HTTPError as error:
        # 403: the link expired or was altered; only a new delivery brings a new link.
        if error.code in (403, 404):
            raise Refusal(422, f"{url} answered {error.code}") from error
        raise


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/webhooks":
            return self.reply(404, {"error": "POST /webhooks only"})
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY_BYTES:
            return self.reply(413, {"error": "body over 1 MiB"})
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        msg_id = headers.get("webhook-id", "")
        try:
            payload = verify_delivery(body, headers)
        except Exception as error:  # the library raises WebhookVerificationError, and ValueError on odd headers
            log(f"refused {msg_id or '(no id)'}: {error}")
            return self.reply(401, {"error": "signature verification failed"})
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            return self.reply(400, {"error": "expected {type, timestamp, data}"})
        with lock:
            if msg_id in processed:
                log(f"duplicate {msg_id} ({payload['type']}): acknowledged, not processed again")
                return self.reply(200, {"status": "duplicate"})
            # klartext gave up waiting (15 s) and retried while the first attempt still runs: come back later.
            if msg_id in in_flight:
                return self.reply(503, {"error": "still processing"}, {"retry-after": "30"})
            in_flight.add(msg_id)
        try:
            process_event(msg_id, payload)
            with lock:
                processed.add(msg_id)
            self.reply(200, {"status": "processed"})
        except Exception as error:
            log(f"failed {msg_id} ({payload['type']}): {error}")
            # Anything but a deliberate refusal is answered 503, so klartext retries it later.
            self.reply(error.status if isinstance(error, Refusal) else 503, {"error": str(error)})
        finally:
            with lock:
                in_flight.discard(msg_id)

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"content-type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # one line per event from log() is enough


def log(line):
    print(line, flush=True)


if __name__ == "__main__":
    if not SECRET.startswith(("whsec_", "whpk_")):
        sys.exit("Set KLARTEXT_WEBHOOK_SECRET to the channel secret (whsec_...) or the v1a public key (whpk_...).")
    verify_delivery = v1a_verifier(SECRET) if SECRET.startswith("whpk_") else v1_verifier(SECRET)
    server = ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8787"))), Handler)
    host, port = server.server_address[:2]
    scheme = "v1a" if SECRET.startswith("whpk_") else "v1"
    log(f"klartext receiver ({scheme}) listening on http://{host}:{port}/webhooks")
    server.serve_forever()
