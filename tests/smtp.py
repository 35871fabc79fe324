"""A local SMTP server for tests: aiosmtpd on 127.0.0.1, keeping what it receives."""

from __future__ import annotations

import asyncio
import email
import logging
import socket
import threading
from email.message import Message

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """Down until start(): connections to its port are refused, as with a dead SMTP server.
    ``stall_once`` holds recipients whose first delivery hangs (a job in the middle of work)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[Message] = []
        self.stall_once: set[str] = set()
        self.stalled = threading.Event()
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        stall = self.stall_once & set(envelope.rcpt_tos)
        if stall:
            self.stall_once -= stall
            self.stalled.set()
            await asyncio.sleep(120)
            return "451 Try again later"
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> list[Message]:
        with self._lock:
            return list(self.messages)

    def recipients(self) -> list[str]:
        return [message["To"] for message in self.received()]
