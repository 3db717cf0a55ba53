"""The tutorial's node, written from ../shared/PROTOCOL.md with Python's standard library only.

A differential test (test/python-node.test.ts) runs it beside `chainscope node`: each registers the
other and adopts the other's longer chain, so both sides agree on JSON, hashes and proofs over
real HTTP. It keeps the reference's rules (3-argument proof, difficulty 4, the claimed length
compared) and fixes none of its bugs that the test does not reach. Usage:

    python3 tutorial_node.py PORT      (listens on 127.0.0.1 only, prints "listening PORT")
"""

import hashlib
import json
import sys
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

DIFFICULTY = 4


def block_hash(block):
    return hashlib.sha256(json.dumps(block, sort_keys=True).encode()).hexdigest()


def proof_holds(last_proof, proof, last_hash):
    guess = f"{last_proof}{proof}{last_hash}".encode()
    return hashlib.sha256(guess).hexdigest()[:DIFFICULTY] == "0" * DIFFICULTY


def chain_holds(chain):
    previous = chain[0]
    for block in chain[1:]:
        digest = block_hash(previous)
        if block["previous_hash"] != digest or not proof_holds(previous["proof"], block["proof"], digest):
            return False
        previous = block
    return True


class Node:
    def __init__(self):
        self.identifier = uuid.uuid4().hex
        self.pending = []
        self.neighbours = set()
        self.chain = []
        self.lock = threading.Lock()
        self.forge(proof=100, previous_hash="1")

    def forge(self, proof, previous_hash):
        block = {
            "index": len(self.chain) + 1,
            "timestamp": time.time(),
            "transactions": self.pending,
            "proof": proof,
            "previous_hash": previous_hash,
        }
        self.pending = []
        self.chain.append(block)
        return block

    def mine(self):
        with self.lock:
            last = self.chain[-1]
            digest = block_hash(last)
            proof = 0
            while not proof_holds(last["proof"], proof, digest):
                proof += 1
            self.pending.append({"sender": "0", "recipient": self.identifier, "amount": 1})
            return self.forge(proof, digest)

    def resolve(self):
        with self.lock:
            best, longest = None, len(self.chain)
            for neighbour in list(self.neighbours):
                with urllib.request.urlopen(f"http://{neighbour}/chain", timeout=10) as answer:
                    if answer.status != 200:
                        continue
                    body = json.loads(answer.read())
                if body["length"] > longest and chain_holds(body["chain"]):
                    best, longest = body["chain"], body["length"]
            if best is None:
                return False
            self.chain = best
            return True


NODE = Node()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, value):
        body = (json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def refuse(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/chain":
            self.answer(200, {"chain": NODE.chain, "length": len(NODE.chain)})
        elif self.path == "/mine":
            block = NODE.mine()
            self.answer(200, {"message": "New Block Forged", **{k: block[k] for k in ("index", "transactions", "proof", "previous_hash")}})
        elif self.path == "/nodes/resolve":
            if NODE.resolve():
                self.answer(200, {"message": "Our chain was replaced", "new_chain": NODE.chain})
            else:
                self.answer(200, {"message": "Our chain is authoritative", "chain": NODE.chain})
        else:
            self.refuse(404, "Not Found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        values = json.loads(self.rfile.read(length) or b"null")
        if self.path == "/transactions/new":
            if not isinstance(values, dict) or not all(k in values for k in ("sender", "recipient", "amount")):
                return self.refuse(400, "Missing values")
            NODE.pending.append({k: values[k] for k in ("sender", "recipient", "amount")})
            self.answer(201, {"message": f"Transaction will be added to Block {NODE.chain[-1]['index'] + 1}"})
        elif self.path == "/nodes/register":
            nodes = values.get("nodes") if isinstance(values, dict) else None
            if nodes is None:
                return self.refuse(400, "Error: Please supply a valid list of nodes")
            for address in nodes:
                parsed = urlparse(address)
                NODE.neighbours.add(parsed.netloc or parsed.path)
            self.answer(201, {"message": "New nodes have been added", "total_nodes": sorted(NODE.neighbours)})
        else:
            self.refuse(404, "Not Found")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()
