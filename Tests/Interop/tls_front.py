"""A TLS endpoint in front of a plain-HTTP server on loopback, for certificate tests.

Usage: python3 tls_front.py CERT.pem KEY.pem BACKEND_PORT
Listens on 127.0.0.1 on a free port, prints that port on the first line of stdout, and relays each
TLS connection's bytes to 127.0.0.1:BACKEND_PORT. Exits when stdin closes (its parent ended).
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


async def main():
    cert, key, backend = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def handle(client_reader, client_writer):
        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", backend)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(relay(client_reader, backend_writer), relay(backend_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    # Stop when the parent closes our stdin, so no proxy outlives its test.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
