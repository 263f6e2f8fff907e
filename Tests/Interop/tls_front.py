"""A TLS endpoint in front of a plain server on loopback, for certificate tests.

Usage: python3 tls_front.py CERT.pem KEY.pem BACKEND_PORT [starttls]
Listens on 127.0.0.1 on a free port, prints that port on the first line of stdout, and relays each
connection's bytes to 127.0.0.1:BACKEND_PORT. Without `starttls`, each connection is TLS from the start
(HTTPS, smtps). With `starttls` it is an SMTP relay front that offers STARTTLS: it adds STARTTLS to the
backend's EHLO answer, answers a STARTTLS command itself (220) and upgrades the client's side to TLS; after
that bytes are relayed as they come. Any AUTH before STARTTLS is refused (530), so a client that would send a
password in clear fails. Exits when stdin closes (its parent ended).
"""
import asyncio
import ssl
import sys


async def relay(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def smtp_until_starttls(context, client_reader, client_writer, backend_reader, backend_writer):
    """Relays plain SMTP commands until STARTTLS, then upgrades the client; False when the client left."""
    client_writer.write(await backend_reader.readline())  # the greeting
    await client_writer.drain()
    while True:
        line = await client_reader.readline()
        if not line:
            return False
        verb = line.split(b" ")[0].strip().upper()
        if verb == b"STARTTLS":
            client_writer.write(b"220 2.0.0 SMTP server ready\r\n")
            await client_writer.drain()
            await client_writer.start_tls(context)
            return True
        if verb == b"AUTH":
            client_writer.write(b"530 5.7.0 Must issue a STARTTLS command first\r\n")
            await client_writer.drain()
            continue
        backend_writer.write(line)
        await backend_writer.drain()
        while True:  # the backend's (multi-line) answer
            answer = await backend_reader.readline()
            if not answer:
                return False
            last = answer[3:4] != b"-"
            if verb == b"EHLO" and last:
                client_writer.write(answer[:3] + b"-STARTTLS\r\n")
            client_writer.write(answer)
            if last:
                break
        await client_writer.drain()


async def main():
    cert, key, backend = sys.argv[1], sys.argv[2], int(sys.argv[3])
    starttls = len(sys.argv) > 4 and sys.argv[4] == "starttls"
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def handle(client_reader, client_writer):
        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", backend)
        except OSError:
            client_writer.close()
            return
        if starttls:
            try:
                upgraded = await smtp_until_starttls(context, client_reader, client_writer, backend_reader, backend_writer)
            except (ConnectionError, ssl.SSLError):
                upgraded = False
            if not upgraded:
                client_writer.close()
                backend_writer.close()
                return
        await asyncio.gather(relay(client_reader, backend_writer), relay(backend_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=None if starttls else context)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    # Stop when the parent closes our stdin, so no proxy outlives its test.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
