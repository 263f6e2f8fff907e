"""An SMTP relay front that offers STARTTLS, in front of a plain SMTP server on loopback.

Usage: python3 starttls_front.py CERT.pem KEY.pem BACKEND_PORT
Listens on 127.0.0.1 on a free port, prints that port on the first line of stdout. Each client conversation is
relayed to 127.0.0.1:BACKEND_PORT, except that the front adds STARTTLS to the backend's EHLO answer, answers a
STARTTLS command itself (220) and upgrades the client's side to TLS; after that bytes are relayed as they come.
Any AUTH before STARTTLS is refused (530), so a client that would send a password in clear fails. Exits when
stdin closes (its parent ended).
"""
import asyncio
import ssl
import sys


async def pump(reader, writer):
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
        try:
            client_writer.write(await backend_reader.readline())  # the greeting
            await client_writer.drain()
            while True:  # plain-text commands until STARTTLS
                line = await client_reader.readline()
                if not line:
                    return
                verb = line.split(b" ")[0].strip().upper()
                if verb == b"STARTTLS":
                    client_writer.write(b"220 2.0.0 SMTP server ready\r\n")
                    await client_writer.drain()
                    await client_writer.start_tls(context)
                    break
                if verb == b"AUTH":
                    client_writer.write(b"530 5.7.0 Must issue a STARTTLS command first\r\n")
                    await client_writer.drain()
                    continue
                backend_writer.write(line)
                await backend_writer.drain()
                while True:  # the backend's (multi-line) answer
                    answer = await backend_reader.readline()
                    if not answer:
                        return
                    last = answer[3:4] != b"-"
                    if verb == b"EHLO" and last:
                        client_writer.write(answer[:3] + b"-STARTTLS\r\n")
                    client_writer.write(answer)
                    if last:
                        break
                await client_writer.drain()
        except (ConnectionError, ssl.SSLError):
            client_writer.close()
            backend_writer.close()
            return
        await asyncio.gather(pump(client_reader, backend_writer), pump(backend_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
